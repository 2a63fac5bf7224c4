package sh.smarter.prompt.core.error;

/** What went wrong, in terms an adapter can map to a status code or an exit code. */
public enum ErrorKind {
    /** The request itself is wrong: bad JSON, a missing user message, a malformed key. */
    INVALID_INPUT,
    /** The chatbot, session or resource does not exist for this caller. */
    NOT_FOUND,
    /** A credential is required and none (or an unknown one) was given. */
    UNAUTHENTICATED,
    /** The credential is valid but may not do this. */
    FORBIDDEN,
    /** The request conflicts with the current state (for example a session changed too often meanwhile). */
    CONFLICT,
    /** The request is well formed but cannot be applied, for example an idempotency key reused for another request. */
    UNPROCESSABLE,
    /** A rate limit or a daily token budget refuses this for now; {@link LimitReachedException} says how long. */
    LIMIT_REACHED,
    /** The LLM provider refused or failed. */
    PROVIDER_FAILED,
    /** The LLM provider did not answer in time. */
    PROVIDER_TIMEOUT,
    /** The provider cannot be called as configured: no API key, an unknown provider name, an invalid base URL. */
    PROVIDER_CONFIGURATION,
    /** The model kept asking for tool calls past the turn's round limit; the turn stopped without an answer. */
    TOOL_ROUND_LIMIT,
    /** The configuration is incomplete, for example a provider without its API key. */
    CONFIGURATION,
    /** The database cannot be reached right now. */
    STORAGE_UNAVAILABLE,
    /** A bug or an unexpected failure. */
    INTERNAL
}
