package sh.smarter.prompt.providers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;

/**
 * HTTP/1.1 over plain TCP, done by the calling thread: it writes the request and reads the answer itself, on a
 * kept-alive connection when one is idle.
 *
 * <p>Why not the JDK's {@code HttpClient} here: it hands every exchange between the caller, its selector thread and
 * its executor, and on a small host each hand-off wakes a thread. For a provider on the same host or network (Ollama,
 * vLLM, LM Studio, a gateway beside the server) that costs more than the exchange itself. The JDK's client keeps the
 * destinations this one does not {@link #carries carry}: https (ALPN, HTTP/2) and anything the default
 * {@link ProxySelector} sends through a proxy.
 *
 * <p>Connections are pooled per host and port, the most recently used first. One idle for longer than
 * {@code keepAlive} is closed instead of reused: servers close idle connections too (uvicorn and Node after 5 s), and
 * a request written into a connection the server just closed is lost. Should that happen anyway, a request that got
 * no byte of an answer on a reused connection is sent once more on a new one, as browsers and the JDK's client do.
 *
 * <p>Thread-safe. The deadline covers the whole exchange, connecting and a body that arrives slowly included.
 */
public final class PlainHttp1Client {
    private static final int BUFFER_BYTES = 8 * 1024;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_CHUNK_LINE_BYTES = 1024;
    /** Headers this client writes itself, whatever the caller's map says. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection",
            "transfer-encoding");

    private final Duration connectTimeout;
    private final long keepAliveNanos;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    /**
     * @param connectTimeout the longest wait for a TCP connection (the exchange's deadline may cut it shorter)
     * @param keepAlive      how long a connection may stay idle and still be reused
     */
    public PlainHttp1Client(Duration connectTimeout, Duration keepAlive) {
        this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
        this.keepAliveNanos = requirePositive(keepAlive, "keepAlive").toNanos();
    }

    /** Whether this client takes requests to {@code uri}: plain http, with no proxy chosen for it. */
    public static boolean carries(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return false;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        List<Proxy> proxies = selector.select(uri);
        return proxies == null || proxies.isEmpty() || proxies.get(0).type() == Proxy.Type.DIRECT;
    }

    /** An answer: its status, its headers and its whole body. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    /**
     * POSTs {@code body} to {@code uri} and reads the whole answer.
     *
     * @param headers  the request's headers, names as they should be sent; Host, Content-Length and Connection are
     *                 this client's
     * @param maxBody  the largest body accepted
     * @param deadline how long the whole exchange may take
     * @throws HttpTimeoutException             when the deadline passed ({@link HttpConnectTimeoutException} while
     *                                          connecting)
     * @throws BoundedBody.TooLargeException    when the body is larger than {@code maxBody}
     * @throws IOException                      when the connection failed or the answer is not HTTP/1.x
     */
    public Answer post(URI uri, Map<String, List<String>> headers, byte[] body, long maxBody, Duration deadline)
            throws IOException {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a plain http URL: " + uri);
        }
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String destination = host + ":" + port;
        byte[] request = request(uri, host, port, headers, body);
        Connection reused = takeIdle(destination);
        if (reused != null) {
            try {
                return exchange(destination, reused, request, maxBody, deadline, deadlineNanos);
            } catch (StaleConnection stale) {
                // The server closed it while it was idle, so the request never reached it: send it on a new one.
                // An interrupt closes a virtual thread's socket too; that one is the caller's, not the server's.
                if (Thread.currentThread().isInterrupted()) {
                    throw (IOException) stale.getCause();
                }
            }
        }
        Connection fresh = Connection.open(host, port, connectTimeout, deadline, deadlineNanos);
        return exchange(destination, fresh, request, maxBody, deadline, deadlineNanos);
    }

    private Answer exchange(String destination, Connection connection, byte[] request, long maxBody,
                            Duration deadline, long deadlineNanos) throws IOException {
        boolean keep = false;
        // Reads wait at most until the deadline by themselves; a write into a server that reads nothing does not,
        // so the alarm closes the socket under it.
        ScheduledFuture<?> alarm = HttpExchanges.atDeadline(
                Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), connection::expire);
        try {
            Answer answer = connection.exchange(request, maxBody, deadlineNanos);
            keep = connection.reusable();
            return answer;
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || connection.expired()) {
                throw new HttpTimeoutException("no complete answer within " + HttpExchanges.describe(deadline));
            }
            throw e;
        } finally {
            alarm.cancel(false);
            if (keep && !connection.expired()) {
                release(destination, connection);
            } else {
                connection.close();
            }
        }
    }

    private Connection takeIdle(String destination) {
        ConcurrentLinkedDeque<Connection> connections = idle.get(destination);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Connection connection = connections.pollFirst(); connection != null;
             connection = connections.pollFirst()) {
            // Bytes that came while it was idle (a 408, say, before the server closed it) are no answer of ours.
            if (now - connection.idleSince < keepAliveNanos && connection.quiet()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void release(String destination, Connection connection) {
        long now = System.nanoTime();
        connection.idleSince = now;
        ConcurrentLinkedDeque<Connection> connections = idle.computeIfAbsent(destination,
                d -> new ConcurrentLinkedDeque<>());
        connections.offerFirst(connection);
        // The oldest sit at the end; after a burst, close the ones no request came back for.
        Connection oldest = connections.peekLast();
        if (oldest != null && oldest != connection && now - oldest.idleSince >= keepAliveNanos
                && connections.removeLastOccurrence(oldest)) {
            oldest.close();
        }
    }

    private static byte[] request(URI uri, String host, int port, Map<String, List<String>> headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(256).append("POST ").append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(host);
        if (port != 80) {
            head.append(':').append(port);
        }
        head.append("\r\n");
        headers.forEach((name, values) -> {
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return;
            }
            for (String value : values) {
                head.append(checked(name)).append(": ").append(checked(value)).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /** A header name or value as it may be sent: a line break in it would start another header. */
    private static String checked(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("a header holds a line break or NUL");
            }
        }
        return text;
    }

    private static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    /** A reused connection that failed before any byte of an answer: the request may be sent again. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    /** One TCP connection and the answer being read from it; used by one thread at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;
        private int limit;
        private long deadlineNanos;
        private boolean reusable;
        private int exchanges;
        private volatile boolean expired;
        volatile long idleSince;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Connection open(String host, int port, Duration connectTimeout, Duration deadline, long deadlineNanos)
                throws IOException {
            long left = Math.min(connectTimeout.toMillis(), millisLeft(deadlineNanos));
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, left));
                return new Connection(socket);
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                if (left < connectTimeout.toMillis()) { // the exchange's deadline cut it: no time left to retry
                    throw new HttpTimeoutException("no complete answer within " + HttpExchanges.describe(deadline));
                }
                throw new HttpConnectTimeoutException("no connection to " + host + ":" + port + " within "
                        + HttpExchanges.describe(connectTimeout));
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                throw e;
            }
        }

        Answer exchange(byte[] request, long maxBody, long deadline) throws IOException {
            this.deadlineNanos = deadline;
            this.reusable = false;
            boolean reused = exchanges++ > 0;
            int status;
            Head head;
            try {
                out.write(request);
                out.flush();
                if (fill() < 0) {
                    throw new IOException("the server closed the connection without answering");
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw reused ? new StaleConnection(e) : e;
            }
            do {
                head = head();
                status = head.status;
            } while (status >= 100 && status < 200 && status != 101);
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (head.chunked) {
                body = chunkedBody(maxBody);
            } else if (head.length >= 0) {
                if (head.length > maxBody || head.length > Integer.MAX_VALUE - 8) {
                    throw new BoundedBody.TooLargeException(maxBody);
                }
                body = exactly((int) head.length);
            } else {
                body = untilClosed(maxBody);
                head = head.closing();
            }
            // Bytes beyond the answer mean the two sides disagree on where it ended: never reuse that connection.
            reusable = !head.closes && position == limit;
            return new Answer(status, HttpHeaders.of(head.headers, (name, value) -> true), body);
        }

        boolean reusable() {
            return reusable;
        }

        /** The status line and the headers of an answer. */
        private record Head(int status, Map<String, List<String>> headers, long length, boolean chunked,
                            boolean closes) {
            Head closing() {
                return new Head(status, headers, length, chunked, true);
            }
        }

        private Head head() throws IOException {
            int[] budget = {MAX_HEAD_BYTES};
            String statusLine = line(budget);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x answer: " + BoundedBody.excerpt(statusLine, 80));
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP/1.x status line: " + BoundedBody.excerpt(statusLine, 80));
            }
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = line(budget); !line.isEmpty(); line = line(budget)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line: " + BoundedBody.excerpt(line, 80));
                }
                headers.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).strip());
            }
            String connection = joined(headers, "Connection");
            boolean closes = http10 ? !connection.contains("keep-alive") : connection.contains("close");
            String codings = joined(headers, "Transfer-Encoding");
            if (!codings.isEmpty()) {
                // Transfer-Encoding wins over Content-Length; a body not chunked last ends where the connection does.
                boolean chunked = codings.strip().endsWith("chunked");
                return new Head(status, headers, -1, chunked, closes || !chunked);
            }
            return new Head(status, headers, contentLength(headers.get("Content-Length")), false, closes);
        }

        /** -1 when there is none; several must agree. */
        private static long contentLength(List<String> values) throws IOException {
            if (values == null) {
                return -1;
            }
            long length = -1;
            for (String value : String.join(",", values).split(",")) {
                long one = digits(value.strip(), 10, "Content-Length");
                if (length >= 0 && one != length) {
                    throw new IOException("conflicting Content-Length values: " + values);
                }
                length = one;
            }
            return length;
        }

        /** A non-negative number written only with digits of {@code radix} (no sign, no spaces inside). */
        private static long digits(String text, int radix, String what) throws IOException {
            if (text.isEmpty() || text.length() > 15) {
                throw new IOException("malformed " + what + ": " + BoundedBody.excerpt(text, 40));
            }
            for (int i = 0; i < text.length(); i++) {
                if (Character.digit(text.charAt(i), radix) < 0) {
                    throw new IOException("malformed " + what + ": " + BoundedBody.excerpt(text, 40));
                }
            }
            return Long.parseLong(text, radix);
        }

        private static String joined(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null ? "" : String.join(",", values).toLowerCase(Locale.ROOT);
        }

        private byte[] chunkedBody(long maxBody) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int[] budget = {MAX_HEAD_BYTES};
            while (true) {
                String sizeLine = line(new int[] {MAX_CHUNK_LINE_BYTES});
                int extension = sizeLine.indexOf(';');
                long size = digits((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16,
                        "chunk size");
                if (size == 0) {
                    break;
                }
                if (body.size() + size > maxBody || size > Integer.MAX_VALUE - 8) {
                    throw new BoundedBody.TooLargeException(maxBody);
                }
                body.write(exactly((int) size));
                if (!line(new int[] {MAX_CHUNK_LINE_BYTES}).isEmpty()) {
                    throw new IOException("a chunk is longer than its size says");
                }
            }
            for (String trailer = line(budget); !trailer.isEmpty(); trailer = line(budget)) {
                continue; // trailers say nothing a provider's answer needs
            }
            return body.toByteArray();
        }

        private byte[] untilClosed(long maxBody) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            do { // what came with the head first
                if (body.size() + (long) (limit - position) > maxBody) {
                    throw new BoundedBody.TooLargeException(maxBody);
                }
                body.write(buffer, position, limit - position);
                position = limit;
            } while (fill() >= 0);
            return body.toByteArray();
        }

        private byte[] exactly(int length) throws IOException {
            byte[] bytes = new byte[length];
            int copied = 0;
            while (copied < length) {
                if (position == limit && fill() < 0) {
                    throw new IOException("the connection ended after " + copied + " of " + length + " bytes");
                }
                int n = Math.min(length - copied, limit - position);
                System.arraycopy(buffer, position, bytes, copied, n);
                position += n;
                copied += n;
            }
            return bytes;
        }

        /** A line without its CRLF (a bare LF is accepted too), taking at most {@code budget[0]} bytes. */
        private String line(int[] budget) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (position == limit && fill() < 0) {
                    throw new IOException("the connection ended before the answer did");
                }
                byte b = buffer[position++];
                if (--budget[0] < 0) {
                    throw new IOException("a line of the answer's head or chunks is too long");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) (b & 0xff));
            }
        }

        /** Reads more into the empty buffer, waiting at most until the deadline; -1 at the end of the stream. */
        private int fill() throws IOException {
            long left = millisLeft(deadlineNanos);
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            return n;
        }

        void close() {
            closeQuietly(socket);
        }

        /** The deadline's alarm: closing the socket ends a write or read blocked in it. */
        void expire() {
            expired = true;
            close();
        }

        boolean expired() {
            return expired;
        }

        /** Whether nothing arrived while the connection was idle. */
        boolean quiet() {
            try {
                return position == limit && in.available() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        private static long millisLeft(long deadlineNanos) {
            return Math.max(0, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that is gone already
            }
        }
    }
}
