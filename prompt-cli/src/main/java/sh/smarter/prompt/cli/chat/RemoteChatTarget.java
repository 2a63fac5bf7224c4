package sh.smarter.prompt.cli.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.wire.sse.ServerSentEvents;

/**
 * Turns run by a server through its native API ({@code POST /api/v2/chatbots/{name}/prompt}), streamed as
 * Server-Sent Events and shown as they arrive: {@code session}, then {@code message} and {@code delta} events, then
 * {@code done} or {@code error}.
 */
public final class RemoteChatTarget implements ChatTarget {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A turn with several tool rounds on a slow model can take minutes; the server times the provider out first. */
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(10);
    private static final int HISTORY_PAGE = 1000;

    private final String server;
    private final String apiKey;
    private final String userAgent;
    private final HttpClient http;

    /** @param apiKey null when the chatbot needs none */
    public RemoteChatTarget(String serverUrl, String apiKey, String userAgent) {
        this.server = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.apiKey = apiKey;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public String stateKey() {
        return server.toLowerCase(Locale.ROOT);
    }

    @Override
    public String label() {
        return server;
    }

    @Override
    public TurnOutcome send(String chatbot, SessionKey session, String input, TranscriptPrinter printer) {
        String path = chatbotPath(chatbot) + (session == null ? "" : "/sessions/" + session.value()) + "/prompt";
        String body = Printer.JSON.createObjectNode().put("input", input).toString();
        HttpRequest request = request(path).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw refusal(response.statusCode(), lines.collect(Collectors.joining("\n")));
            }
            StreamedTurn turn = new StreamedTurn(printer);
            ServerSentEvents.read(lines.iterator(), turn::on);
            return turn.outcome();
        }
    }

    @Override
    public List<HistoryLine> history(String chatbot, SessionKey session) {
        if (apiKey == null) {
            throw CliFailure.refused("reading a session's history from a server needs an API key (--api-key)");
        }
        HttpRequest request = request(chatbotPath(chatbot) + "/sessions/" + session.value() + "/messages?limit="
                + HISTORY_PAGE).GET().build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw refusal(response.statusCode(), response.body());
        }
        List<HistoryLine> lines = new ArrayList<>();
        parse(response.body()).path("items").forEach(item -> lines.add(
                new HistoryLine(item.path("role").asText(), item.path("content").asText(""))));
        return lines;
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end when it is unreachable.
    }

    private String chatbotPath(String chatbot) {
        ChatbotRef ref = ChatTarget.ref(chatbot);
        String name = "chatbots/" + URLEncoder.encode(ref.name(), StandardCharsets.UTF_8);
        return ref.accountNumber().map(number -> "api/v2/accounts/" + number + "/" + name).orElse("api/v2/" + name);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(TURN_TIMEOUT)
                .header("User-Agent", userAgent);
        if (apiKey != null) {
            request.header("Authorization", "Token " + apiKey);
        }
        return request;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw CliFailure.failed("cannot reach the server at " + server + " (is `prompt serve` running?)", e);
        } catch (IOException e) {
            throw CliFailure.failed("the connection to " + server + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted", e);
        }
    }

    /** A request the server refused before any turn ran: its error envelope's description and a matching exit code. */
    private CliFailure refusal(int status, String body) {
        JsonNode envelope = parse(body);
        String description = envelope.path("description").asText(envelope.path("error").path("description")
                .asText(""));
        return new CliFailure(ExitCode.ofHttpStatus(status), description.isEmpty()
                ? "the server answered HTTP " + status : description + " (HTTP " + status + ")");
    }

    private static JsonNode parse(String text) {
        try {
            return Printer.JSON.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (JsonProcessingException e) {
            return Printer.JSON.createObjectNode();
        }
    }

    /** The events of one streamed turn. */
    private static final class StreamedTurn {
        private final TranscriptPrinter printer;
        private SessionKey session;
        private String failure;
        private boolean ended;

        StreamedTurn(TranscriptPrinter printer) {
            this.printer = printer;
        }

        void on(String event, String data) {
            JsonNode json = parse(data);
            switch (event) {
                case "session" -> session = sessionKeyIn(json);
                case "delta" -> printer.delta(json.path("text").asText(""));
                case "message" -> printer.message(Role.fromWireName(json.path("role").asText()).orElse(Role.SMARTER),
                        json.path("content").asText(""), json.hasNonNull("name") ? json.get("name").asText() : null);
                case "done" -> {
                    session = sessionKeyIn(json) == null ? session : sessionKeyIn(json);
                    ended = true;
                }
                case "error" -> {
                    session = sessionKeyIn(json) == null ? session : sessionKeyIn(json);
                    failure = json.path("description").asText("the turn failed");
                    printer.error(failure);
                    ended = true;
                }
                default -> { } // events of a newer server: ignored
            }
        }

        TurnOutcome outcome() {
            if (!ended) {
                failure = "the server closed the stream before the turn ended";
                printer.error(failure);
            }
            if (session == null) {
                throw CliFailure.failed(failure == null ? "the server named no session" : failure, null);
            }
            return new TurnOutcome(session, failure);
        }

        private SessionKey sessionKeyIn(JsonNode json) {
            return json.hasNonNull("session_key") ? SessionKey.parse(json.get("session_key").asText()) : null;
        }
    }
}
