package sh.smarter.prompt.http.server;

import java.util.List;
import java.util.Objects;

/**
 * How the HTTP server runs.
 *
 * @param host            interface to bind ("127.0.0.1" for local use, "0.0.0.0" behind a load balancer)
 * @param port            0 picks a free port
 * @param publicBaseUrl   the URL browsers use to reach this server (for {@code url_chatbot}); null derives it from
 *                        each request's Host header
 * @param allowedOrigins  origins allowed cross-origin for every chatbot ("*" allows any); chatbots add their own
 * @param maxRequestBytes request bodies above this are refused with 413 (default 1 MB)
 * @param version         the product version reported by the version endpoints
 * @param trustedProxies  peers whose X-Forwarded-For / X-Forwarded-Proto count (none by default)
 */
public record HttpSettings(String host, int port, String publicBaseUrl, List<String> allowedOrigins,
                           long maxRequestBytes, String version, TrustedProxies trustedProxies) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public HttpSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        if (publicBaseUrl != null && !publicBaseUrl.endsWith("/")) {
            publicBaseUrl = publicBaseUrl + "/";
        }
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        maxRequestBytes = maxRequestBytes <= 0 ? DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
        version = Objects.requireNonNullElse(version, "0.0.0");
        trustedProxies = Objects.requireNonNullElse(trustedProxies, TrustedProxies.NONE);
    }

    /** Settings without trusted proxies: forwarded headers are ignored. */
    public HttpSettings(String host, int port, String publicBaseUrl, List<String> allowedOrigins,
                        long maxRequestBytes, String version) {
        this(host, port, publicBaseUrl, allowedOrigins, maxRequestBytes, version, TrustedProxies.NONE);
    }

    public HttpSettings withTrustedProxies(TrustedProxies proxies) {
        return new HttpSettings(host, port, publicBaseUrl, allowedOrigins, maxRequestBytes, version, proxies);
    }

    public static HttpSettings onPort(int port) {
        return new HttpSettings("127.0.0.1", port, null, List.of(), DEFAULT_MAX_REQUEST_BYTES, "0.0.0");
    }
}
