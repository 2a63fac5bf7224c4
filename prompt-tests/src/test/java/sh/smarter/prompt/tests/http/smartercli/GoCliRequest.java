package sh.smarter.prompt.tests.http.smartercli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * One request exactly as the {@code smarter} Go CLI 0.2.1 builds it (shared/clients/smarter-cli-0.2.1.md, 2.5): POST
 * to {@code <host>/api/v1/cli/<slug>/}, the whole URL lowercased, then {@code ?} and the key-sorted query (a bare
 * {@code ?} without parameters); every parameter also as a Go-canonicalised header ({@code Session_key},
 * {@code This-Week}); {@code Content-Type: application/json} whatever the body; {@code Accept-Encoding: gzip}
 * (the response is decompressed, as Go's transport does).
 */
record GoCliRequest(String slug, Map<String, String> params, String body) {

    GoCliRequest {
        params = new TreeMap<>(params);
        body = body == null ? "" : body;
    }

    /** The status and the (decompressed) body the CLI would read. */
    record Answer(int status, String body, String url) {
    }

    String url(PromptApiServer api) {
        String base = (api.server.localUrl() + "api/v1/cli/" + slug + "/").toLowerCase(Locale.ROOT);
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(queryEscape(name))
                .append('=').append(queryEscape(value)));
        return base + "?" + query;
    }

    Answer send(PromptApiServer api, String apiKey) {
        String url = url(api);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "Go-http-client/1.1")
                .header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip")
                .header("Authorization", "Token " + apiKey)
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        params.forEach((name, value) -> request.header(canonicalHeader(name), value));
        try {
            HttpResponse<byte[]> response = api.client().send(request.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            if (response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8), url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Go's textproto.CanonicalMIMEHeaderKey: upper-case the first letter and every letter after a '-'. */
    static String canonicalHeader(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    /** Go's url.QueryEscape: unreserved characters stay, a space is '+', everything else %XX of its UTF-8. */
    static String queryEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
