package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase.ApplyResult;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Manifests over the CLI: {@code apply}, {@code describe}, {@code delete} (resources by {@code name}, chat
 * sessions by {@code session_key}) and example manifests. Invalid manifests are 400s whose message names the field
 * path, as the core reports it.
 */
final class CliManifests {
    private final PromptEngine engine;
    private final ManageResourcesUseCase resources;
    private final CliSessions sessions;
    private final CliApiKeys apiKeys;

    CliManifests(PromptEngine engine, ManageResourcesUseCase resources) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.sessions = new CliSessions(engine);
        this.apiKeys = new CliApiKeys(engine);
    }

    void apply(Context ctx) {
        HttpRequests.describe(ctx, new Endpoint("apply", "Manifest"));
        CliCaller caller = CliCaller.of(ctx, engine);
        ApplyResult result = resources.apply(ManifestBody.read(ctx), caller.principal());
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        ObjectNode data = HttpJson.object().put("kind", result.kind().manifestName()).put("name", result.name())
                .put("outcome", outcome);
        String thing = result.kind().manifestName();
        CliResponses.ok(ctx, new Endpoint("apply", thing), data, thing + " " + result.name()
                + (result.outcome() == ManageResourcesUseCase.Outcome.UNCHANGED ? " unchanged"
                : " applied successfully (" + outcome + ")"));
    }

    /** {@code describe account} sends no name: it means the caller's own account. */
    void describe(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "describe");
        if (target.kind().apiKey()) {
            String name = CliResponses.required(ctx, "name");
            CliResponses.ok(ctx, target.endpoint(), apiKeys.describe(target.caller(), name),
                    CliKind.API_KEY_THING + " " + name + " described successfully");
            return;
        }
        ResourceKind kind = target.kind().requireResource("describe");
        String name = kind == ResourceKind.ACCOUNT && blank(ctx.queryParam("name"))
                ? target.caller().account().number().value() : CliResponses.required(ctx, "name");
        CliResponses.ok(ctx, target.endpoint(), JacksonJson.toNode(resources.describe(kind, name,
                target.caller().principal())), kind.manifestName() + " " + name + " described successfully");
    }

    /** {@code deploy chatbot NAME} and {@code undeploy chatbot NAME}; doing it again changes nothing. */
    void deploy(Context ctx) {
        setDeployed(ctx, "deploy", true);
    }

    void undeploy(Context ctx) {
        setDeployed(ctx, "undeploy", false);
    }

    private void setDeployed(Context ctx, String command, boolean deployed) {
        CliTarget target = CliTarget.of(ctx, engine, command);
        if (target.kind().resource() != ResourceKind.CHATBOT) {
            throw PromptException.invalid(command + " works on chatbots only: " + command + " chatbot <name>");
        }
        String name = CliResponses.required(ctx, "name");
        ApplyResult result = resources.setDeployed(name, deployed, target.caller().principal());
        ObjectNode data = HttpJson.object().put("kind", "Chatbot").put("name", result.name())
                .put("deployed", deployed).put("changed", result.outcome() != ManageResourcesUseCase.Outcome.UNCHANGED);
        CliResponses.ok(ctx, target.endpoint(), data, "Chatbot " + result.name()
                + (result.outcome() == ManageResourcesUseCase.Outcome.UNCHANGED ? " was already " : " ")
                + (deployed ? "deployed" : "undeployed"));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    void delete(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "delete");
        if (target.kind().isSessionView()) {
            deleteSession(ctx, target);
            return;
        }
        String name = CliResponses.required(ctx, "name");
        if (target.kind().apiKey()) {
            apiKeys.revoke(target.caller(), name);
            ObjectNode data = HttpJson.object().put("kind", CliKind.API_KEY_THING).put("name", name)
                    .put("revoked", true);
            CliResponses.ok(ctx, target.endpoint(), data, CliKind.API_KEY_THING + " " + name + " revoked");
            return;
        }
        resources.delete(target.kind().resource(), name, target.caller().principal());
        ObjectNode data = HttpJson.object().put("kind", target.kind().thing()).put("name", name);
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
        ObjectNode data = HttpJson.object().put("kind", "Chat").put("session_key", key.value())
                .put("chatbot", located.chatbot().name());
        CliResponses.ok(ctx, target.endpoint(), data, "Chat " + key.value() + " deleted successfully");
    }

    /** What a chat session looks like: sessions come from prompting, not from manifests. */
    private static ObjectNode chatExample() {
        ObjectNode manifest = HttpJson.object().put("apiVersion", Endpoint.API_VERSION).put("kind", "Chat");
        manifest.putObject("metadata").put("name", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .put("description", "A chat session. Sessions are started by prompting (smarter chat prompt -c"
                        + " <chatbot> -p <text>, -n for a new one), not by apply; get chats lists them, get"
                        + " chat-history -s <session_key> shows one, delete chat <session_key> removes one.");
        manifest.putObject("spec").put("chatbot", "example").put("sessionKey",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        return manifest;
    }

    /** {@code manifest <kind>}; {@code plugin_class=sql|api} picks the plugin kind, as the Go client sends it. */
    void exampleManifest(Context ctx) {
        CliTarget target = CliTarget.of(ctx, engine, "example_manifest");
        if (target.kind().apiKey() || target.kind().view() == CliKind.SessionView.CHAT) {
            CliResponses.ok(ctx, target.endpoint(), target.kind().apiKey() ? CliApiKeys.example() : chatExample(),
                    target.kind().thing() + " example manifest successfully generated");
            return;
        }
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
                JacksonJson.toNode(resources.exampleManifest(kind)),
                kind.manifestName() + " example manifest successfully generated");
    }
}
