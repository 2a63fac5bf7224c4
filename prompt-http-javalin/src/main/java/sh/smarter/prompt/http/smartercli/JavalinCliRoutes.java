package sh.smarter.prompt.http.smartercli;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.RouteGroup;

/**
 * The endpoints the {@code smarter} Go CLI calls (SPEC 5.3), under {@value #PREFIX}. The client POSTs everything
 * to lowercased URLs ending in "/" with its parameters in the query. GET is accepted too where it only reads;
 * chat, apply, delete, deploy and undeploy change state and stay POST-only. Every endpoint needs an API key, whose
 * account scopes what it sees.
 */
public final class JavalinCliRoutes implements RouteGroup {
    public static final String PREFIX = "/api/v1/cli/";

    private final CliChat chat;
    private final CliGet get;
    private final CliManifests manifests;
    private final CliSystem system;
    private final CliLogs logs;

    public JavalinCliRoutes(PromptEngine engine, ManageResourcesUseCase resources, HttpSettings settings) {
        Objects.requireNonNull(engine, "engine");
        this.chat = new CliChat(engine, settings);
        this.get = new CliGet(engine, resources);
        this.manifests = new CliManifests(engine, resources);
        this.system = new CliSystem(engine, settings);
        this.logs = new CliLogs(engine);
    }

    @Override
    public void addTo(RoutesConfig routes) {
        for (String command : List.of("chat", "prompt")) {
            routes.post(PREFIX + command + "/{name}/", chat::chat);
            add(routes, command + "/config/{name}/", chat::config);
        }
        add(routes, "get/{kind}/", get::get);
        add(routes, "describe/{kind}/", manifests::describe);
        routes.post(PREFIX + "delete/{kind}/", manifests::delete);
        routes.post(PREFIX + "apply/", manifests::apply);
        routes.post(PREFIX + "deploy/{kind}/", manifests::deploy);
        routes.post(PREFIX + "undeploy/{kind}/", manifests::undeploy);
        add(routes, "logs/{kind}/", logs::logs);
        // The server has named this example_manifest, example-manifest and manifest over time; the client: manifest.
        for (String command : List.of("example_manifest", "example-manifest", "manifest")) {
            add(routes, command + "/{kind}/", manifests::exampleManifest);
        }
        add(routes, "whoami/", system::whoami);
        add(routes, "version/", system::version);
        add(routes, "status/", system::status);
    }

    /** A reading endpoint: POST as the client sends it, GET for people and scripts. */
    private static void add(RoutesConfig routes, String path, Handler handler) {
        routes.post(PREFIX + path, handler);
        routes.get(PREFIX + path, handler);
    }
}
