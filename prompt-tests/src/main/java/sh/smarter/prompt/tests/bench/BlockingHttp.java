package sh.smarter.prompt.tests.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 client for the latency measurements: one keep-alive socket per calling thread, TCP_NODELAY,
 * each request written in one piece, the answer read by Content-Length or chunks. On this 2-core machine the JDK's
 * HttpClient adds more than a millisecond to every request (its hand-offs between the caller, its selector thread
 * and its executor), which would be counted as server overhead; this client adds a few tens of microseconds, as curl
 * does. The JDK client is still used where thousands of requests must be in flight at once.
 */
final class BlockingHttp implements AutoCloseable {
    private static final int SOCKET_TIMEOUT_MILLIS = 120_000;

    private final String host;
    private final int port;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    /** @param serverUrl {@code http://host:port/} */
    BlockingHttp(String serverUrl) {
        URI uri = URI.create(serverUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** The status and the body of a JSON POST. */
    Response post(String pathAndQuery, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        Connection reused = connection.get();
        if (reused != null) {
            try {
                return reused.exchange(request);
            } catch (IOException closedMeanwhile) {
                // The server closes idle keep-alive connections; a request that got no answer is sent again once.
                reused.close();
            }
        }
        try {
            Connection fresh = new Connection(host, port);
            opened.add(fresh);
            connection.set(fresh);
            return fresh.exchange(request);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + pathAndQuery + " to " + host + ":" + port + " failed", e);
        }
    }

    @Override
    public void close() {
        opened.forEach(Connection::close);
    }

    /** An HTTP answer. */
    record Response(int status, String body) {
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress(host, port), SOCKET_TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        Response exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("the server closed the connection");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int contentLength = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            byte[] body = chunked ? chunkedBody() : in.readNBytes(Math.max(0, contentLength));
            if (closeAfter) {
                close();
            }
            return new Response(status, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                continue;
            }
            return body.toByteArray();
        }

        private int chunkSize() throws IOException {
            String line = line();
            if (line == null) {
                throw new IOException("the connection ended inside a chunked body");
            }
            int extension = line.indexOf(';');
            return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
        }

        /** A header line without its CRLF; null at the end of the stream. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that is gone already
            }
        }
    }
}
