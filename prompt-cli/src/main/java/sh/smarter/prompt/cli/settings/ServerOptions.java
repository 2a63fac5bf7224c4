package sh.smarter.prompt.cli.settings;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where {@code serve} listens and how browsers reach it. */
public final class ServerOptions implements SettingFlags {
    @Option(names = "--host", paramLabel = "HOST",
            description = "Interface to listen on (env SMARTER_PROMPT_HOST; default 127.0.0.1, 0.0.0.0 for all).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free one (env SMARTER_PROMPT_PORT; default 8080).")
    private String port;

    @Option(names = "--public-url", paramLabel = "URL", description = "The URL browsers use to reach this server, "
            + "when it differs from where it listens (env SMARTER_PROMPT_PUBLIC_URL).")
    private String publicUrl;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "An origin whose pages may call the API; "
            + "repeatable (env SMARTER_PROMPT_CORS_ORIGINS, comma-separated).")
    private List<String> corsOrigins;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", description = "A load balancer or proxy (address or CIDR "
            + "block, e.g. 10.0.0.0/8) whose X-Forwarded-For and X-Forwarded-Proto headers count; from anyone else "
            + "they are ignored. Repeatable (env SMARTER_PROMPT_TRUSTED_PROXIES, comma-separated).")
    private List<String> trustedProxies;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.HOST, host);
        SettingFlags.put(flags, Setting.PORT, port);
        SettingFlags.put(flags, Setting.PUBLIC_URL, publicUrl);
        SettingFlags.put(flags, Setting.CORS_ORIGINS, corsOrigins == null ? null : String.join(",", corsOrigins));
        SettingFlags.put(flags, Setting.TRUSTED_PROXIES,
                trustedProxies == null ? null : String.join(",", trustedProxies));
    }
}
