package sh.smarter.prompt.tests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * The scripted fake provider, timed per turn. Each benchmark question carries a tag ({@code [turn 1f]}); when the
 * fake answers a request it adds the time from the request's arrival to the reply being ready, plus the latency it
 * is set to wait before sending it, to that tag's provider time. The fake's own serialisation and write of the
 * reply (tens of microseconds), and how late its timer fires, are not part of it, so they count as server
 * overhead: the overhead figures err on the high side.
 *
 * <p>The questions avoid the bundled plugin's search terms, so a turn is one provider call and five stored
 * messages, as for most prompts of the example chatbot.
 */
final class TimedFakeProvider implements AutoCloseable {
    private static final Pattern TAG = Pattern.compile("\\[turn ([0-9a-f]+)]");
    /** About the length of a short model answer (a paragraph). */
    private static final String ANSWER = ("The Zürich store opens from 9:00 to 17:00 on weekdays and from 10:00 to"
            + " 16:00 on Saturdays. On public holidays it stays closed, except in December, when it opens from 11:00"
            + " to 15:00. 😀 ").repeat(2).trim();

    private final FakeOpenAiServer fake = FakeOpenAiServer.start().recording(false);
    private final Map<String, Long> providerNanosByTag = new ConcurrentHashMap<>();
    private final Queue<Long> arrivalNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong lastTag = new AtomicLong();
    private volatile boolean keepArrivals;
    private volatile long latencyNanos;

    TimedFakeProvider() {
        fake.otherwise(this::answer);
    }

    private Reply answer(RecordedRequest request) {
        String question = request.lastUserMessage().orElse("");
        Matcher tag = TAG.matcher(question);
        if (tag.find()) {
            long providerNanos = System.nanoTime() - request.receivedAtNanos() + latencyNanos;
            providerNanosByTag.merge(tag.group(1), providerNanos, Long::sum);
        }
        if (keepArrivals) {
            arrivalNanos.add(request.receivedAtNanos());
        }
        return Reply.text(ANSWER);
    }

    /** The provider's base URL, for {@code OPENAI_BASE_URL}. */
    String baseUrl() {
        return fake.url();
    }

    /** A new question with a unique tag; {@link #takeProviderNanos} finds its provider time by that tag. */
    Question newQuestion() {
        return question(Long.toHexString(lastTag.incrementAndGet()));
    }

    /** The benchmark's question with this tag; about the length of a typical chat message. */
    static Question question(String tag) {
        return new Question(tag, "Question [turn " + tag + "]: what are the opening hours of the Zürich store on"
                + " public holidays, and does it open on the Saturday before Easter?");
    }

    /** The provider time of the question's turn, removed from the table; -1 when the provider never saw it. */
    long takeProviderNanos(Question question) {
        Long nanos = providerNanosByTag.remove(question.tag());
        return nanos == null ? -1 : nanos;
    }

    /** Delays every answer; waiting holds no thread in the fake. */
    void latency(Duration latency) {
        fake.latency(latency);
        latencyNanos = latency.toNanos();
    }

    /** Keeps the arrival time of every request from now on (for counting requests waiting at once). */
    void keepArrivals(boolean keep) {
        keepArrivals = keep;
    }

    /** The arrival times kept so far ({@link System#nanoTime()}), which are forgotten. */
    List<Long> drainArrivals() {
        List<Long> drained = new ArrayList<>();
        for (Long at = arrivalNanos.poll(); at != null; at = arrivalNanos.poll()) {
            drained.add(at);
        }
        return drained;
    }

    long requestCount() {
        return fake.requestCount();
    }

    @Override
    public void close() {
        fake.close();
    }

    /** A benchmark prompt and the tag that identifies its turn at the provider. */
    record Question(String tag, String text) {
    }
}
