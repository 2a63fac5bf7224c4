package sh.smarter.prompt.tests.fake;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tool call the fake model makes: the call id, the function name and the arguments as JSON text (exactly as a
 * model would produce them, so they may also be deliberately malformed).
 */
public record FakeToolCall(String id, String name, String arguments) {
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    public FakeToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "{}" : arguments;
    }

    /** A call with a fresh id ({@code call_fake_1}, {@code call_fake_2}, ...). */
    public static FakeToolCall of(String name, String arguments) {
        return new FakeToolCall("call_fake_" + NEXT_ID.getAndIncrement(), name, arguments);
    }
}
