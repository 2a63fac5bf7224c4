package sh.smarter.prompt.providers.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers shared by the HTTP adapters. */
public final class HttpExchanges {
    private HttpExchanges() {
    }

    /**
     * Sends a request and waits for the whole answer (headers and body) at most {@code deadline}: unlike
     * {@link HttpRequest#timeout()}, which only covers the wait for the headers, a body that stalls is cut too.
     * The exchange is cancelled when the deadline passes or the caller is interrupted.
     *
     * @throws HttpTimeoutException when the deadline passed
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request,
                                           HttpResponse.BodyHandler<T> handler, Duration deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + describe(deadline));
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Plain HTTP goes out as HTTP/1.1: an h2c upgrade attempt confuses some local servers and proxies. */
    public static HttpClient.Version versionFor(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
    }

    /** "60 s", "1.5 s" or "250 ms": durations as people write them in messages. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }

    /** The most useful words about a transport failure: its message, or its type when it has none. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
