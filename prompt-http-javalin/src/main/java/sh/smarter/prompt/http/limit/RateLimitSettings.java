package sh.smarter.prompt.http.limit;

/**
 * How many requests a minute each caller may make; 0 turns that limit off. A caller may spend a whole minute's
 * worth at once (a burst), then gets one more request every {@code 60 / limit} seconds.
 *
 * @param perClientAddress every request to the public chatbot endpoints (prompt and configuration), and to the
 *                         native and CLI APIs without a valid API key, counted per client address
 * @param perSession       prompts to one session (the widget's and the native API's), whoever sends them
 * @param perApiKey        requests to the native and CLI APIs with a valid API key, counted per key
 */
public record RateLimitSettings(int perClientAddress, int perSession, int perApiKey) {
    /**
     * A person at a widget sends a prompt and a configuration request per turn and waits seconds for each answer:
     * a handful a minute. A burst of hundreds of prompts meets these limits within its first seconds.
     */
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(120, 20, 240);
    public static final RateLimitSettings OFF = new RateLimitSettings(0, 0, 0);

    public RateLimitSettings {
        check("perClientAddress", perClientAddress);
        check("perSession", perSession);
        check("perApiKey", perApiKey);
    }

    private static void check(String name, int perMinute) {
        if (perMinute < 0) {
            throw new IllegalArgumentException(name + " must be 0 (off) or a number of requests a minute");
        }
    }
}
