package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.PlainHttp1Client;

/**
 * The provider's plain-HTTP client against a server on a loopback socket whose every byte the test writes: what is
 * sent, when a connection is kept, replaced or dropped, and how answers of every framing are read.
 */
class PlainHttp1ClientTest {
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final PlainHttp1Client client = new PlainHttp1Client(Duration.ofSeconds(2), Duration.ofSeconds(30));
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private PlainHttp1Client.Answer post(PlainHttp1Client with, String body) throws IOException {
        return with.post(server.uri(), JSON, body.getBytes(StandardCharsets.UTF_8), 1024 * 1024, DEADLINE);
    }

    private static String text(PlainHttp1Client.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void calls_in_sequence_share_one_connection_and_send_the_request_as_given() throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            for (int n = 1; ; n++) {
                String body = in.request();
                if (body == null) {
                    return;
                }
                ScriptedServer.answer(out, "{\"n\":" + n + ",\"echo\":" + body + "}");
            }
        });

        List<String> answers = List.of(text(post(client, "{\"a\":\"é\"}")), text(post(client, "{\"b\":2}")),
                text(post(client, "{\"c\":3}")));

        assertThat(answers).containsExactly("{\"n\":1,\"echo\":{\"a\":\"é\"}}", "{\"n\":2,\"echo\":{\"b\":2}}",
                "{\"n\":3,\"echo\":{\"c\":3}}");
        assertThat(server.connections()).isEqualTo(1);
        String head = server.heads().get(0);
        assertThat(head).startsWith("POST /v1/chat/completions?x=1 HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n", "\r\nContent-Type: application/json\r\n",
                        "\r\nContent-Length: " + "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8).length + "\r\n");
    }

    @Test
    void a_connection_the_server_closed_while_idle_is_replaced_and_the_request_sent_once() throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            ScriptedServer.answer(out, "{\"connection\":" + connection + "}");
            // and close it, as a server whose keep-alive ran out between two calls
        });

        assertThat(text(post(client, "{}"))).isEqualTo("{\"connection\":1}");
        server.awaitClosed(1);
        assertThat(text(post(client, "{}"))).isEqualTo("{\"connection\":2}");

        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.heads()).as("requests the server read").hasSize(2);
    }

    @Test
    void a_request_that_got_no_answer_on_a_new_connection_fails_and_is_not_sent_again() {
        server = ScriptedServer.start((connection, in, out) -> in.request());

        IOException failure = catchThrowableOfType(IOException.class, () -> post(client, "{}"));

        assertThat(failure).hasMessageContaining("closed the connection without answering");
        assertThat(server.heads()).hasSize(1);
    }

    @Test
    void a_chunked_answer_with_extensions_and_trailers_is_read_whole_and_its_connection_kept() throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            while (in.request() != null) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\n{\"ok\"\r\n6\r\n:true}\r\n0\r\nX-Trailer: 1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });

        assertThat(text(post(client, "{}"))).isEqualTo("{\"ok\":true}");
        assertThat(text(post(client, "{}"))).isEqualTo("{\"ok\":true}");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void an_answer_without_a_length_is_read_until_the_server_closes_and_its_connection_not_reused()
            throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"until\":\"closed\"}"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket(out).shutdownOutput();
            in.request(); // reads a request the client would wrongly send on this connection
        });

        PlainHttp1Client.Answer answer = post(client, "{}");
        assertThat(text(post(client, "{}"))).isEqualTo("{\"until\":\"closed\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).contains("application/json");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.heads()).as("requests the server read").hasSize(2);
    }

    @Test
    void bytes_that_came_while_a_connection_was_idle_are_not_taken_for_the_next_answer() throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            ScriptedServer.answer(out, "{\"connection\":" + connection + "}");
            out.write("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.request();
        });

        assertThat(text(post(client, "{}"))).isEqualTo("{\"connection\":1}");
        sleep(100); // the 408 arrives
        PlainHttp1Client.Answer second = post(client, "{}");

        assertThat(second.status()).isEqualTo(200);
        assertThat(text(second)).isEqualTo("{\"connection\":2}");
    }

    @Test
    void a_negative_or_conflicting_length_and_a_malformed_chunk_size_are_errors() throws IOException {
        for (String head : List.of("Content-Length: -1\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n",
                "Transfer-Encoding: chunked\r\n\r\n-1")) {
            server = ScriptedServer.start((connection, in, out) -> {
                in.request();
                out.write(("HTTP/1.1 200 OK\r\n" + head + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.request();
            });

            IOException failure = catchThrowableOfType(IOException.class, () -> post(client, "{}"));

            assertThat(failure).as(head).hasMessageMatching("(malformed|conflicting) .*");
            assertThat(failure).isNotInstanceOf(HttpTimeoutException.class);
            server.close();
        }
    }

    @Test
    void a_request_the_server_does_not_read_ends_at_the_deadline() {
        server = ScriptedServer.start((connection, in, out) -> sleep(5_000));
        byte[] large = new byte[64 * 1024 * 1024];

        long started = System.nanoTime();
        HttpTimeoutException failure = catchThrowableOfType(HttpTimeoutException.class,
                () -> client.post(server.uri(), JSON, large, 4096, Duration.ofMillis(500)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(failure).hasMessageContaining("within 500 ms");
        assertThat(elapsedMillis).isBetween(450L, 2500L);
    }

    @Test
    void header_values_with_line_breaks_are_refused_before_anything_is_sent() {
        server = ScriptedServer.start((connection, in, out) -> in.request());

        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> client.post(server.uri(),
                Map.of("X-Note", List.of("a\r\nContent-Length: 0")), new byte[0], 4096, DEADLINE))).isNotNull();
        assertThat(server.connections()).isZero();
    }

    @Test
    void an_error_status_comes_back_with_its_headers_and_body_and_connection_close_is_honoured()
            throws IOException {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            out.write(("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nConnection: close\r\n"
                    + "Content-Length: 11\r\n\r\n{\"slow\":1}\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.request(); // a request on this connection would be a client's mistake
        });

        PlainHttp1Client.Answer first = post(client, "{}");
        post(client, "{}");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(text(first)).isEqualTo("{\"slow\":1}\n");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.heads()).hasSize(2);
    }

    @Test
    void a_body_larger_than_the_limit_fails_before_it_is_read() {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.request();
        });

        BoundedBody.TooLargeException failure = catchThrowableOfType(BoundedBody.TooLargeException.class,
                () -> client.post(server.uri(), JSON, new byte[0], 4096, DEADLINE));

        assertThat(failure.limitBytes()).isEqualTo(4096);
    }

    @Test
    void a_chunked_body_that_grows_past_the_limit_fails_too() {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("800\r\n" + "x".repeat(0x800) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.flush();
        });

        assertThat(catchThrowableOfType(BoundedBody.TooLargeException.class,
                () -> client.post(server.uri(), JSON, new byte[0], 10_000, DEADLINE))).isNotNull();
    }

    @Test
    void an_answer_that_stalls_after_its_headers_ends_at_the_deadline() {
        server = ScriptedServer.start((connection, in, out) -> {
            in.request();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 50; i++) { // a byte every 100 ms: each read waits less than any deadline
                sleep(100);
                out.write(' ');
                out.flush();
            }
        });

        long started = System.nanoTime();
        HttpTimeoutException failure = catchThrowableOfType(HttpTimeoutException.class,
                () -> client.post(server.uri(), JSON, new byte[0], 4096, Duration.ofMillis(400)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(failure).hasMessageContaining("within 400 ms");
        assertThat(elapsedMillis).isBetween(380L, 1500L);
    }

    @Test
    void a_connection_idle_longer_than_the_keep_alive_is_closed_instead_of_reused() throws IOException {
        PlainHttp1Client brief = new PlainHttp1Client(Duration.ofSeconds(2), Duration.ofMillis(100));
        server = ScriptedServer.start((connection, in, out) -> {
            while (in.request() != null) {
                ScriptedServer.answer(out, "{\"connection\":" + connection + "}");
            }
        });

        assertThat(text(post(brief, "{}"))).isEqualTo("{\"connection\":1}");
        assertThat(text(post(brief, "{}"))).isEqualTo("{\"connection\":1}");
        sleep(250);
        assertThat(text(post(brief, "{}"))).isEqualTo("{\"connection\":2}");
        server.awaitClosed(1);
    }

    @Test
    void it_carries_plain_http_without_a_proxy_and_leaves_https_and_proxied_destinations_to_the_jdk() {
        assertThat(PlainHttp1Client.carries(URI.create("http://127.0.0.1:11434/v1/chat/completions"))).isTrue();
        assertThat(PlainHttp1Client.carries(URI.create("https://api.openai.com/v1/chat/completions"))).isFalse();

        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy", 3128)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        });
        try {
            assertThat(PlainHttp1Client.carries(URI.create("http://127.0.0.1:11434/v1/chat/completions")))
                    .isFalse();
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    /** The socket an output stream of the scripted server belongs to. */
    private static Socket socket(OutputStream out) {
        return ScriptedServer.SOCKETS.get(out);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback server running one script per accepted connection, numbered from 1. */
    private static final class ScriptedServer implements AutoCloseable {
        interface Script {
            void run(int connection, Requests in, OutputStream out) throws IOException;
        }

        static final Map<OutputStream, Socket> SOCKETS = new java.util.concurrent.ConcurrentHashMap<>();

        private final ServerSocket listening;
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final List<String> heads = new CopyOnWriteArrayList<>();

        private ScriptedServer(ServerSocket listening) {
            this.listening = listening;
        }

        static ScriptedServer start(Script script) {
            try {
                ScriptedServer server = new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                Thread acceptor = new Thread(() -> server.accept(script), "scripted-server");
                acceptor.setDaemon(true);
                acceptor.start();
                return server;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void accept(Script script) {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    int number = accepted.incrementAndGet();
                    Thread handler = new Thread(() -> {
                        try (socket) {
                            OutputStream out = socket.getOutputStream();
                            SOCKETS.put(out, socket);
                            script.run(number, new Requests(socket.getInputStream(), heads), out);
                        } catch (IOException e) {
                            // the client went away
                        } finally {
                            closed.incrementAndGet();
                        }
                    }, "scripted-connection-" + number);
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        static void answer(OutputStream out, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port() + "/v1/chat/completions?x=1");
        }

        int port() {
            return listening.getLocalPort();
        }

        int connections() {
            return accepted.get();
        }

        List<String> heads() {
            return heads;
        }

        void awaitClosed(int count) {
            long until = System.nanoTime() + 5_000_000_000L;
            while (closed.get() < count && System.nanoTime() < until) {
                sleep(5);
            }
            assertThat(closed.get()).as("connections the server closed").isGreaterThanOrEqualTo(count);
        }

        @Override
        public void close() throws IOException {
            listening.close();
        }
    }

    /** Reads requests off one connection: the head (kept for the test) and a Content-Length body. */
    private static final class Requests {
        private final InputStream in;
        private final List<String> heads;

        Requests(InputStream in, List<String> heads) {
            this.in = in;
            this.heads = heads;
        }

        /** The next request's body as text; null when the client closed the connection. */
        String request() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.UTF_8);
            heads.add(text);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }
}
