package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Server-Sent Events written straight to the servlet stream, flushed per event, for a POST endpoint (Javalin's
 * own SSE support is GET-only). The response starts with the first event, so a request that fails before anything
 * was streamed still gets its real status code and the JSON error envelope.
 *
 * <p>A write to a client that went away throws {@link UncheckedIOException}: the core's stream listener is
 * dropped on the first failure and the turn goes on to be stored. A lock (not {@code synchronized}, which would pin
 * a virtual thread's carrier during the blocking write) keeps events whole if the provider calls from its own
 * thread. Jackson escapes line breaks inside JSON strings, so JSON data always fits on one {@code data:} line.
 */
public final class SseStream {
    public static final String MEDIA_TYPE = "text/event-stream";

    private final Context ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;
    private boolean broken;

    public SseStream(Context ctx) {
        this.ctx = ctx;
    }

    public boolean started() {
        lock.lock();
        try {
            return out != null;
        } finally {
            lock.unlock();
        }
    }

    /** Writes one named event; throws {@link UncheckedIOException} when the client is gone. */
    public void send(String event, JsonNode data) {
        write(("event: " + event + "\ndata: " + HttpJson.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one unnamed event, {@code data: <text>} (OpenAI's chunks and its {@code [DONE]}). */
    public void sendData(String data) {
        write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] frame) {
        lock.lock();
        try {
            if (broken) {
                throw new UncheckedIOException(new IOException("the client closed the event stream"));
            }
            start();
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    private void start() throws IOException {
        if (out != null) {
            return;
        }
        ctx.status(200);
        var response = ctx.res();
        response.setContentType(MEDIA_TYPE + ";charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        // Proxies such as nginx would otherwise hold the events back until the response ends.
        response.setHeader("X-Accel-Buffering", "no");
        out = response.getOutputStream();
    }
}
