package sh.smarter.prompt.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running JVM from outside: CPU time and threads from /proc, the heap through jcmd of its own JDK. */
final class ProcessProbe {
    /** "garbage-first heap   total 17408K, used 2885K" (17) or "total reserved 524288K, committed 10240K, ..." (25). */
    private static final Pattern HEAP =
            Pattern.compile("heap\\s+total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K");
    /** Linux reports CPU time in clock ticks, 100 a second on every usual kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessProbe() {
    }

    /** User plus system CPU time of the process so far, in seconds. */
    static double cpuSeconds(long pid) {
        return cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /** User plus system clock ticks from a process's or a thread's {@code stat} line. */
    private static long cpuTicks(String stat) {
        // The fields after the command name, which is in parentheses and may contain spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * User plus system CPU time of the process's JIT compiler threads so far, in seconds (HotSpot names them "C1
     * CompilerThreadN" and "C2 CompilerThreadN"; the kernel keeps the first 15 characters).
     */
    static double compilerCpuSeconds(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8);
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the thread ended while being read
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += cpuTicks(stat);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The process's operating-system threads and resident memory. */
    static OsView osView(long pid) {
        long threads = -1;
        long rssKb = -1;
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.substring(8).trim());
            } else if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        return new OsView(threads, rssKb / 1024.0);
    }

    /**
     * The heap now and after a full collection (what is really live), through jcmd of the JVM's own JDK. One jcmd
     * process runs all three commands: each jcmd is a JVM of its own, which on a small machine costs the measured
     * server a good part of a second of CPU.
     */
    static Heap heap(Path javaHome, long pid) {
        String output = jcmd(javaHome, pid, List.of("GC.heap_info", "GC.run", "GC.heap_info"));
        Matcher heap = HEAP.matcher(output);
        long[] before = heapInfo(heap, output);
        long[] after = heapInfo(heap, output);
        return new Heap(before[1] / 1024.0, after[1] / 1024.0, after[0] / 1024.0);
    }

    /** The next {committed KB, used KB} of the GC.heap_info outputs. */
    private static long[] heapInfo(Matcher heap, String output) {
        if (!heap.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + output);
        }
        return new long[] {Long.parseLong(heap.group(1)), Long.parseLong(heap.group(2))};
    }

    private static String jcmd(Path javaHome, long pid, List<String> commands) {
        try {
            Path file = Files.createTempFile("smarter-bench-jcmd", ".txt");
            try {
                Files.write(file, commands, StandardCharsets.UTF_8);
                ProcessBuilder builder = new ProcessBuilder(List.of(javaHome.resolve("bin/jcmd").toString(),
                        Long.toString(pid), "-f", file.toString())).redirectErrorStream(true);
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("jcmd " + commands + " failed: " + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of {@code java -version}, e.g. {@code openjdk version "17.0.15" 2025-04-15}. */
    static String javaVersion(Path javaHome) {
        try {
            Process process = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output.lines().findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Operating-system threads and resident set size. */
    record OsView(long threads, double rssMb) {
    }

    /**
     * @param usedMb      heap in use when probed, garbage included
     * @param liveMb      heap in use right after a full collection
     * @param committedMb heap the JVM holds from the operating system
     */
    record Heap(double usedMb, double liveMb, double committedMb) {
    }

    /** CPU seconds of several processes, read at the edges of a measured window. */
    static final class CpuMeter implements SessionLoad.Window {
        private final long[] pids;
        private final double[] atOpen;
        private final double[] spent;

        CpuMeter(long... pids) {
            this.pids = pids.clone();
            this.atOpen = new double[pids.length];
            this.spent = new double[pids.length];
        }

        @Override
        public void opened() {
            for (int i = 0; i < pids.length; i++) {
                atOpen[i] = cpuSeconds(pids[i]);
            }
        }

        @Override
        public void closed() {
            for (int i = 0; i < pids.length; i++) {
                spent[i] = cpuSeconds(pids[i]) - atOpen[i];
            }
        }

        /** CPU seconds the i-th process spent inside the window. */
        double spentSeconds(int index) {
            return spent[index];
        }
    }
}
