package sh.smarter.prompt.providers.openai;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.http.PlainHttp1Client;
import sh.smarter.prompt.providers.openai.Retries.RetryableFailure;
import sh.smarter.prompt.providers.secret.SecretResolver;

/**
 * Chat completions from any OpenAI-compatible service (OpenAI, Gemini's and Llama API's compatible endpoints,
 * Ollama, vLLM, LM Studio, a proxy) over {@code POST {baseUrl}chat/completions}.
 *
 * <p>The body sent is exactly {@link ChatRequest#toJson()}, plus {@code "stream": true} and
 * {@code "stream_options": {"include_usage": true}} when streaming. Connection errors and the statuses 429, 500,
 * 502, 503 and 504 are retried with exponential backoff and jitter, honouring {@code Retry-After}; other statuses,
 * a request timeout and a malformed answer are not. A streamed call is retried only while nothing has been passed
 * to the listener yet. The API key is resolved at call time, so a missing key is a configuration error of the
 * call, not of the start-up; it never appears in messages or logs (they show {@link Secret#mask}).
 *
 * <p>Thread-safe and free of locks: one instance serves every chatbot and any number of concurrent calls. The
 * jobs live beside it: {@link PreparedCall} builds the request, {@link Retries} repeats attempts,
 * {@link StreamingAttempt} reads a stream, {@link ProviderAnswers} tells a completion from a failure.
 */
public final class OpenAiCompatibleProvider implements ChatCompletionProvider {
    /** Under the 5 s after which uvicorn (vLLM) and Node close an idle connection. */
    private static final Duration PLAIN_KEEP_ALIVE = Duration.ofSeconds(4);

    private final OpenAiSettings settings;
    private final SecretResolver secrets;
    private final HttpClient client;
    private final PlainHttp1Client plainClient;
    private final Retries retries;
    private final StreamingAttempt streaming;

    public OpenAiCompatibleProvider() {
        this(OpenAiSettings.DEFAULTS, System::getenv);
    }

    public OpenAiCompatibleProvider(OpenAiSettings settings) {
        this(settings, System::getenv);
    }

    /** @param environment looks up environment variables named by {@link Secret.FromEnvironment} keys */
    public OpenAiCompatibleProvider(OpenAiSettings settings, Function<String, String> environment) {
        this(settings, environment, provider -> { });
    }

    /** @param retries told of every attempt that is retried, with the provider's name (for metrics) */
    public OpenAiCompatibleProvider(OpenAiSettings settings, Function<String, String> environment,
                                    Consumer<String> retries) {
        Objects.requireNonNull(retries, "retries");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = new SecretResolver(environment);
        this.retries = new Retries(new RetryPolicy(settings), retries);
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.plainClient = new PlainHttp1Client(settings.connectTimeout(), PLAIN_KEEP_ALIVE);
        this.streaming = new StreamingAttempt(client, settings);
    }

    public OpenAiSettings settings() {
        return settings;
    }

    @Override
    public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
        PreparedCall call = PreparedCall.of(provider, request, false, secrets, settings.requestTimeout());
        return retries.run(call, () -> completeOnce(call));
    }

    @Override
    public ChatCompletion stream(ProviderSettings provider, ChatRequest request,
                                 CompletionStreamListener listener) {
        PreparedCall call = PreparedCall.of(provider, request, true, secrets, settings.requestTimeout());
        CompletionStreamListener target = listener == null ? CompletionStreamListener.NONE : listener;
        return retries.run(call, () -> streaming.run(call, target));
    }

    /**
     * One plain attempt: the whole answer, at most {@code maxResponseBytes}, read as a completion. A plain-http
     * provider reached without a proxy is called by this thread itself ({@link PlainHttp1Client}); https and proxied
     * ones, and a redirected call, through the JDK's client.
     */
    private ChatCompletion completeOnce(PreparedCall call) throws RetryableFailure {
        if (PlainHttp1Client.carries(call.request().uri())) {
            PlainHttp1Client.Answer answer;
            try {
                answer = plainClient.post(call.request().uri(), call.request().headers().map(), call.body(),
                        settings.maxResponseBytes(), settings.requestTimeout());
            } catch (IOException | RuntimeException e) {
                // An interrupt shows as a closed socket on a virtual thread: report it as the interrupt it was.
                Throwable failure = Thread.currentThread().isInterrupted() ? new InterruptedException() : e;
                throw ProviderAnswers.transportFailure(call, failure, settings.requestTimeout());
            }
            if (!isRedirect(answer.status())) {
                return answered(call, answer.status(), answer.headers(), answer.body());
            }
            // A redirect (an http gateway sending callers to https, say): the JDK's client follows it.
        }
        HttpResponse<byte[]> response;
        try {
            response = HttpExchanges.send(client, call.request(), BoundedBody.handler(settings.maxResponseBytes()),
                    settings.requestTimeout());
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw ProviderAnswers.transportFailure(call, e, settings.requestTimeout());
        }
        return answered(call, response.statusCode(), response.headers(), response.body());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static ChatCompletion answered(PreparedCall call, int status, HttpHeaders headers, byte[] body)
            throws RetryableFailure {
        if (status / 100 != 2) {
            throw ProviderAnswers.statusFailure(call, status, headers, body);
        }
        return ProviderAnswers.completion(call, body);
    }
}
