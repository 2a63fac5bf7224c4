package sh.smarter.prompt.providers.openai;

import static sh.smarter.prompt.providers.openai.ProviderAnswers.malformed;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.openai.Retries.RetryableFailure;
import sh.smarter.prompt.wire.json.JacksonJson;
import sh.smarter.prompt.wire.sse.ServerSentEvents;

/**
 * One streamed attempt. Lines are read as they arrive (never the whole body first) and every text delta goes to
 * the listener at once. The stream may stay silent at most {@code requestTimeout}; waiting uses a queue poll, so a
 * virtual thread is never pinned. A gateway or local server that ignores {@code "stream": true} and answers with
 * the whole completion as JSON is read as such.
 */
final class StreamingAttempt {
    // The provider's logger: operators filter and read these lines under that name.
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);
    private static final long ERROR_BODY_LIMIT = 64 * 1024;

    private final HttpClient client;
    private final OpenAiSettings settings;

    StreamingAttempt(HttpClient client, OpenAiSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What the HTTP client reports while a stream is read; consumed by the calling thread in order. */
    private sealed interface StreamEvent {
    }

    private record Line(String text) implements StreamEvent {
    }

    private record Finished(HttpResponse<byte[]> response) implements StreamEvent {
    }

    private record Failed(Throwable failure) implements StreamEvent {
    }

    /** Hands each line of a 2xx body to the reading thread as it arrives. */
    private static final class LineForwarder implements Flow.Subscriber<String> {
        private final BlockingQueue<StreamEvent> events;

        LineForwarder(BlockingQueue<StreamEvent> events) {
            this.events = events;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            events.add(new Line(line));
        }

        @Override
        public void onError(Throwable failure) {
            events.add(new Failed(failure));
        }

        @Override
        public void onComplete() {
            // The response future completes next and reports the end.
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only forwards the outcome to the queue read below
    ChatCompletion run(PreparedCall call, CompletionStreamListener listener) throws RetryableFailure {
        BlockingQueue<StreamEvent> events = new LinkedBlockingQueue<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> info.statusCode() / 100 != 2
                ? BoundedBody.handler(ERROR_BODY_LIMIT).apply(info)
                : isJson(info.headers()) ? BoundedBody.handler(settings.maxResponseBytes()).apply(info)
                : HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.fromLineSubscriber(new LineForwarder(events)), done -> null);
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(call.request(), handler);
        future.whenComplete((response, failure) ->
                events.add(failure == null ? new Finished(response) : new Failed(failure)));
        StreamReader reader = new StreamReader(call, listener);
        boolean done = false;
        try {
            while (true) {
                StreamEvent event = events.poll(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw ProviderAnswers.timeout(call, reader.started()
                            ? "stopped sending for " + HttpExchanges.describe(settings.requestTimeout())
                            : "did not answer within " + HttpExchanges.describe(settings.requestTimeout()));
                }
                if (event instanceof Line line) {
                    if (reader.accept(line.text())) {
                        done = true;
                        return reader.completion();
                    }
                } else if (event instanceof Finished finished) {
                    HttpResponse<byte[]> response = finished.response();
                    if (response.statusCode() / 100 != 2) {
                        throw ProviderAnswers.statusFailure(call, response.statusCode(), response.headers(),
                                response.body());
                    }
                    done = true;
                    return isJson(response.headers()) ? unstreamed(call, response.body(), listener)
                            : reader.endOfStream();
                } else {
                    Throwable failure = ((Failed) event).failure();
                    if (reader.started()) {
                        throw ProviderException.failed(call.provider(), 200, call.scrub("stream from provider "
                                + call.provider() + " broke off: "
                                + HttpExchanges.reason(ProviderAnswers.unwrap(failure))));
                    }
                    throw ProviderAnswers.transportFailure(call, failure, settings.requestTimeout());
                }
            }
        } catch (InterruptedException e) {
            throw ProviderAnswers.transportFailure(call, e, settings.requestTimeout());
        } finally {
            if (!done) {
                future.cancel(true);
            }
        }
    }

    private static boolean isJson(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String media = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return media.equals("application/json") || media.endsWith("+json");
    }

    /** A plain completion answering a streamed request: read as such, its text passed on in one piece. */
    private static ChatCompletion unstreamed(PreparedCall call, byte[] body, CompletionStreamListener listener) {
        ChatCompletion completion = ProviderAnswers.completion(call, body);
        LOG.debug("provider {} answered a streamed request with a plain JSON completion", call.provider());
        if (completion.content() != null && !completion.content().isEmpty()) {
            listener.onContentDelta(completion.content());
        }
        return completion;
    }

    /** Turns SSE lines into listener calls and the assembled completion. */
    private static final class StreamReader {
        private final PreparedCall call;
        private final CompletionStreamListener listener;
        private final ServerSentEvents events = new ServerSentEvents();
        private final StreamAssembler assembler = new StreamAssembler();
        private boolean started;

        StreamReader(PreparedCall call, CompletionStreamListener listener) {
            this.call = call;
            this.listener = listener;
        }

        /** Whether anything reached the listener or the assembler: from then on, a retry would repeat text. */
        boolean started() {
            return started;
        }

        /** Takes a line; true when it ends the stream ({@code data: [DONE]}). */
        boolean accept(String line) {
            Optional<String> data = events.accept(line).map(ServerSentEvents.Event::data);
            return data.isPresent() && onData(data.get());
        }

        private boolean onData(String data) {
            if (data.strip().equals("[DONE]")) {
                return true;
            }
            JsonObject chunk;
            try {
                chunk = JacksonJson.parseObject(data);
            } catch (IllegalArgumentException e) {
                throw malformed(call, "a streamed chunk is not a JSON object: " + data);
            }
            if (chunk.has("error")) {
                throw ProviderException.failed(call.provider(), 200, call.scrub("provider " + call.provider()
                        + " reported an error in the stream: " + ErrorBodies.messageOf(chunk).orElse(data)));
            }
            String delta;
            try {
                delta = assembler.accept(chunk);
            } catch (IllegalArgumentException e) {
                throw malformed(call, e.getMessage());
            }
            started = true;
            if (delta != null) {
                listener.onContentDelta(delta);
            }
            return false;
        }

        /** The body ended without {@code [DONE]}: accept it if the answer was finished. */
        ChatCompletion endOfStream() {
            if (events.flush().map(ServerSentEvents.Event::data).map(this::onData).orElse(false)) {
                return completion();
            }
            if (!assembler.finished()) {
                throw malformed(call, assembler.isEmpty() ? "the stream held no completion chunk"
                        : "the stream ended before a finish_reason or [DONE]");
            }
            return completion();
        }

        ChatCompletion completion() {
            if (assembler.isEmpty()) {
                throw malformed(call, "the stream held no completion chunk");
            }
            JsonObject raw;
            try {
                raw = assembler.completion();
            } catch (IllegalArgumentException e) {
                throw malformed(call, e.getMessage());
            }
            return ProviderAnswers.completion(call, raw);
        }
    }
}
