package sh.smarter.prompt.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a size limit. The bytes are read as they arrive and the exchange is
 * cancelled as soon as the limit is passed, so an oversized answer is never buffered whole.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** A body handler that fails with {@link TooLargeException} beyond {@code limitBytes}. */
    public static HttpResponse.BodyHandler<byte[]> handler(long limitBytes) {
        return info -> new Subscriber(limitBytes,
                info.headers().firstValueAsLong("Content-Length").orElse(-1L));
    }

    /** The body as text in the charset its Content-Type names (UTF-8 when none or unknown). */
    public static String text(byte[] body, String contentType) {
        return new String(body, charsetOf(contentType));
    }

    /** A short single-line excerpt of a body for error messages: whitespace collapsed, cut at {@code max}. */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }

    static Charset charsetOf(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").strip());
                    } catch (IllegalArgumentException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Whether the Content-Type names JSON ({@code application/json}, {@code application/problem+json}...). */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json") || type.equals("text/json");
    }

    /** Finds a {@link TooLargeException} among the causes of a failure, if that is what it was. */
    public static TooLargeException tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    /** The body is larger than allowed. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limitBytes;

        TooLargeException(long limitBytes) {
            super("the response is larger than " + limitBytes + " bytes");
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final long declaredLength;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Subscriber(long limit, long declaredLength) {
            this.limit = limit;
            this.declaredLength = declaredLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredLength > limit) {
                s.cancel();
                body.completeExceptionally(new TooLargeException(limit));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (buffer.size() + (long) b.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLargeException(limit));
                    return;
                }
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                buffer.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }
    }
}
