package sh.smarter.prompt.http.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.manifest.ManageResourcesUseCase;
import sh.smarter.prompt.core.manifest.ManageResourcesUseCase.ApplyResult;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.JsonBridge;

/**
 * Manifests over the CLI: {@code apply}, {@code describe}, {@code delete} (resources by {@code name}, chat
 * sessions by {@code session_key}) and example manifests. Invalid manifests are 400s whose message names the field
 * path, as the core reports it.
 */
final class CliManifests {
    private final PromptEngine engine;
    private final ManageResourcesUseCase resources;
    private final CliSessions sessions;

    CliManifests(PromptEngine engine, ManageResourcesUseCase resources) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.sessions = new CliSessions(engine);
    }

    void apply(Context ctx) {
        HttpRequests.describe(ctx, new Endpoint("apply", "Manifest"));
        CliCaller caller = CliCaller.of(ctx, engine);
        ApplyResult result = resources.apply(ManifestBody.read(ctx), caller.principal());
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        ObjectNode data = JsonBridge.object().put("kind", result.kind().manifestName()).put("name", result.name())
                .put("outcome", outcome);
        String thing = result.kind().manifestName();
        CliResponses.ok(ctx, new Endpoint("apply", thing), data, thing + " " + result.name()
                + (result.outcome() == ManageResourcesUseCase.Outcome.UNCHANGED ? " unchanged"
                : " applied successfully (" + outcome + ")"));
    }

    void describe(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "describe");
        String name = CliResponses.required(ctx, "name");
        ResourceKind kind = target.kind().requireResource("describe");
        CliResponses.ok(ctx, target.endpoint(), JsonBridge.toNode(resources.describe(kind, name,
                target.caller().principal())), kind.manifestName() + " " + name + " described successfully");
    }

    void delete(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "delete");
        if (target.kind().isSessionView()) {
            deleteSession(ctx, target);
            return;
        }
        String name = CliResponses.required(ctx, "name");
        resources.delete(target.kind().resource(), name, target.caller().principal());
        ObjectNode data = JsonBridge.object().put("kind", target.kind().thing()).put("name", name);
        CliResponses.ok(ctx, target.endpoint(), data, target.kind().thing() + " " + name + " deleted successfully");
    }

    private void deleteSession(Context ctx, CliTarget target) {
        if (target.kind().view() != CliKind.SessionView.CHAT) {
            throw PromptException.invalid("delete chat removes a session with its "
                    + "history, tool calls and plugin usage; " + target.kind().thing() + " cannot be deleted alone");
        }
        SessionKey key = SessionKey.parse(CliResponses.required(ctx, "session_key"));
        CliSessions.Located located = sessions.locate(target.caller(), key, ctx.queryParam("chatbot"));
        engine.sessions().delete(target.caller().chatbot(located.chatbot().name()), key,
                target.caller().principal());
        ObjectNode data = JsonBridge.object().put("kind", "Chat").put("session_key", key.value())
                .put("chatbot", located.chatbot().name());
        CliResponses.ok(ctx, target.endpoint(), data, "Chat " + key.value() + " deleted successfully");
    }

    /** {@code manifest <kind>}; {@code plugin_class=sql|api} picks the plugin kind, as the Go client sends it. */
    void exampleManifest(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "example_manifest");
        ResourceKind kind = target.kind().requireResource("example_manifest");
        String pluginClass = ctx.queryParam("plugin_class");
        if (kind == ResourceKind.PLUGIN && pluginClass != null) {
            kind = switch (pluginClass.strip().toLowerCase(Locale.ROOT)) {
                case "sql" -> ResourceKind.SQL_PLUGIN;
                case "api" -> ResourceKind.API_PLUGIN;
                default -> kind;
            };
        }
        CliResponses.ok(ctx, new Endpoint("example_manifest", kind.manifestName()),
                JsonBridge.toNode(resources.exampleManifest(kind)),
                kind.manifestName() + " example manifest successfully generated");
    }
}
