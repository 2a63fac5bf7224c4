package sh.smarter.prompt.http.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — for requests too malformed to reach a route: a header over the size limit, a broken
 * Content-Length, invalid UTF-8 in the path — in the product's error envelope (SPEC 5.1) instead of Jetty's HTML
 * page, so that every client reads every error the same way. Never a stack trace; a 5xx says no more than that.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
    private static final int MAX_REASON_CHARS = 200;

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String id = UUID.randomUUID().toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Request-Id", id);
        response.write(true, envelope(code, message, Request.getPathInContext(request), id), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return envelope(status, reason, "-", UUID.randomUUID().toString());
    }

    private static ByteBuffer envelope(int status, String reason, String path, String requestId) {
        String description = status >= 500 ? "internal error; the server log has the details"
                : "the request is not valid HTTP: " + (reason == null ? HttpStatus.getMessage(status) : reason);
        String json = HttpJson.write(ErrorEnvelope.of(status, "SmarterHttpError",
                HttpRequests.clip(description, MAX_REASON_CHARS), Endpoint.UNKNOWN, path, requestId));
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }
}
