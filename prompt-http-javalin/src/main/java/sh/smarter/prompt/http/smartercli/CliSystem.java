package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.http.health.JavalinHealthRoutes;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;

/** {@code whoami}, {@code version} and {@code status}: who the key is, what runs, and whether it is healthy. */
final class CliSystem {
    private static final Endpoint WHOAMI = new Endpoint("whoami", "User");
    private static final Endpoint VERSION = new Endpoint("version", "Version");
    private static final Endpoint STATUS = new Endpoint("status", "Status");
    /** This installation has no separate deployment environments; the Go client only prints the value. */
    private static final String ENVIRONMENT = "local";

    private final PromptEngine engine;
    private final HttpSettings settings;

    CliSystem(PromptEngine engine, HttpSettings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** There are no user accounts here: the API key is the user, named by its name and masked hint. */
    void whoami(Context ctx) {
        HttpRequests.describe(ctx, WHOAMI);
        CliCaller caller = CliCaller.of(ctx, engine);
        ApiKey key = engine.apiKeys().ownKey(caller.key()).orElse(null);
        ObjectNode data = HttpJson.object();
        data.putObject("user").put("username", key == null ? "api key" : key.name())
                .put("api_key", key == null ? null : key.hint());
        data.putObject("account").put("account_number", caller.account().number().value())
                .put("name", caller.account().displayName());
        data.put("environment", ENVIRONMENT);
        CliResponses.ok(ctx, WHOAMI, data, null);
    }

    void version(Context ctx) {
        HttpRequests.describe(ctx, VERSION);
        CliCaller.of(ctx, engine);
        ObjectNode data = HttpJson.object();
        data.putObject("api").put("version", settings.version()).put("java", System.getProperty("java.version"));
        CliResponses.ok(ctx, VERSION, data, null);
    }

    /** What this process can honestly say: whether its database answers, and the machine it runs on. */
    void status(Context ctx) {
        HttpRequests.describe(ctx, STATUS);
        CliCaller.of(ctx, engine);
        ObjectNode data = HttpJson.object();
        data.putObject("infrastructures").putObject("database")
                .put("reachable", JavalinHealthRoutes.isReachable(engine.health()));
        data.putObject("compute")
                .put("os", System.getProperty("os.name"))
                .put("os_version", System.getProperty("os.version"))
                .put("arch", System.getProperty("os.arch"))
                .put("java", System.getProperty("java.version"))
                .put("processors", Runtime.getRuntime().availableProcessors());
        CliResponses.ok(ctx, STATUS, data, null);
    }
}
