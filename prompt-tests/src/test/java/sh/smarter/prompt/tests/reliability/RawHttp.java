package sh.smarter.prompt.tests.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the caller writes it, because hostile requests are exactly what
 * a well-behaved client refuses to send: duplicate or lying Content-Length headers, invalid UTF-8, huge headers.
 * One request per connection; the answer is read until the server closes it.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 30_000;

    /** An answer: the status, the header lines, the body (de-chunked); status 0 when none came. */
    record Response(int status, List<String> headers, String body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request head (without the final blank line: this adds it) and the body exactly, then half-closes
     * the connection, so a server waiting for body bytes that will never come sees the end instead of hanging.
     */
    static Response exchange(int port, String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException refusedMidWay) {
                // The server may answer and close before reading everything (a 413 or a 431): read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no HTTP exchange with 127.0.0.1:" + port, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // A reset after the answer: keep what arrived.
        }
        return bytes.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || headEnd < 0) {
            return new Response(0, List.of(), new String(raw, StandardCharsets.UTF_8));
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        Response response = new Response(status, headers, "");
        boolean chunked = response.header("Transfer-Encoding").filter(v -> v.equalsIgnoreCase("chunked")).isPresent();
        return new Response(status, headers, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrLf(body, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
