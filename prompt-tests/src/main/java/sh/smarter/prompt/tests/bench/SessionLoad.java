package sh.smarter.prompt.tests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import sh.smarter.prompt.tests.bench.TimedPrompts.TurnSample;

/**
 * Closed-loop load: one client thread per session, each prompting its own session again as soon as the last turn
 * was answered, as a person (or a script) waiting for each answer does.
 */
final class SessionLoad {
    private SessionLoad() {
    }

    /** One timed turn on a session. */
    interface TurnDriver {
        TurnSample turn(String sessionKey);
    }

    /** Told when the measured window opens and closes, to read counters such as CPU time at its edges. */
    interface Window {
        Window NONE = new Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        void opened();

        void closed();
    }

    /**
     * Runs every session for {@code warmup + measured}. Turns that start and end inside the measured window give the
     * latencies; turns that end inside it give the throughput.
     */
    static Result forDuration(List<String> sessions, TurnDriver driver, Duration warmup, Duration measured,
                              Window window) {
        return forDuration(sessions, driver, warmup, measured, window, Duration.ZERO);
    }

    /**
     * As {@link #forDuration(List, TurnDriver, Duration, Duration, Window)}, with session i's first turn held back by
     * {@code i / sessions} of {@code spread}: sessions that start together stay in step when each turn takes the
     * same time, and send their prompts in bursts. The warm-up must be longer than the spread.
     */
    static Result forDuration(List<String> sessions, TurnDriver driver, Duration warmup, Duration measured,
                              Window window, Duration spread) {
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        List<Callable<List<TurnSample>>> loops = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            String session = sessions.get(i);
            long firstTurn = start + spread.toNanos() * i / sessions.size();
            loops.add(() -> {
                parkUntil(firstTurn);
                List<TurnSample> turns = new ArrayList<>();
                while (System.nanoTime() < windowEnd) {
                    turns.add(driver.turn(session));
                }
                return turns;
            });
        }
        List<TurnSample> all = runAll(loops, () -> {
            parkUntil(windowStart);
            window.opened();
            parkUntil(windowEnd);
            window.closed();
        });
        List<TurnSample> inWindow = all.stream()
                .filter(turn -> turn.startNanos() >= windowStart && turn.endNanos() <= windowEnd).toList();
        long completed = all.stream()
                .filter(turn -> turn.ok() && turn.endNanos() >= windowStart && turn.endNanos() <= windowEnd).count();
        return new Result(inWindow, measured.toNanos() / 1e9, (int) completed, failures(all));
    }

    /** Gives each session its number of turns, one after the other; sessions run side by side. */
    static Result turnsEach(Map<String, Integer> turnsBySession, TurnDriver driver) {
        long start = System.nanoTime();
        List<Callable<List<TurnSample>>> loops = new ArrayList<>();
        turnsBySession.forEach((session, turns) -> loops.add(() -> {
            List<TurnSample> done = new ArrayList<>(turns);
            for (int i = 0; i < turns; i++) {
                done.add(driver.turn(session));
            }
            return done;
        }));
        List<TurnSample> all = runAll(loops, () -> { });
        return new Result(all, (System.nanoTime() - start) / 1e9, (int) all.stream().filter(TurnSample::ok).count(),
                failures(all));
    }

    private static List<TurnSample> runAll(List<Callable<List<TurnSample>>> loops, Runnable meanwhile) {
        List<TurnSample> all = new ArrayList<>();
        inParallel(loops, Math.min(loops.size(), 256), meanwhile).forEach(all::addAll);
        return all;
    }

    /** Runs the tasks on that many threads, {@code meanwhile} on this one, and returns their results in order. */
    static <T> List<T> inParallel(List<Callable<T>> tasks, int threads, Runnable meanwhile) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            meanwhile.run();
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client task failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Failures failures(List<TurnSample> turns) {
        List<TurnSample> failed = turns.stream().filter(turn -> !turn.ok()).toList();
        return new Failures(failed.size(), failed.isEmpty() ? null : failed.get(0).failure());
    }

    static void parkUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** How many turns failed, and the first reason. */
    record Failures(int count, String first) {
    }

    /**
     * @param measured         turns inside the measured window (all turns for {@link #turnsEach})
     * @param seconds          the window's length (the whole run for {@link #turnsEach})
     * @param completedInWindow complete turns that ended inside the window
     */
    record Result(List<TurnSample> measured, double seconds, int completedInWindow, Failures failures) {
        /** Loads that ran one after the other, as one. */
        static Result combined(List<Result> parts) {
            List<TurnSample> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.measured()));
            return new Result(all, parts.stream().mapToDouble(Result::seconds).sum(),
                    parts.stream().mapToInt(Result::completedInWindow).sum(), SessionLoad.failures(all));
        }

        double turnsPerSecond() {
            return completedInWindow / seconds;
        }

        Samples latency() {
            return Samples.of(measured.stream().filter(TurnSample::ok).map(TurnSample::latencyNanos).toList());
        }

        Samples overhead() {
            return Samples.of(measured.stream().filter(TurnSample::ok).map(TurnSample::overheadNanos).toList());
        }

        Samples provider() {
            return Samples.of(measured.stream().filter(TurnSample::ok).map(TurnSample::providerNanos).toList());
        }
    }
}
