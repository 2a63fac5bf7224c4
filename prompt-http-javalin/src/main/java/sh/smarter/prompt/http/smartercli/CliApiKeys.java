package sh.smarter.prompt.http.smartercli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpJson;

/**
 * The account's API keys under the CLI's kind {@code smarterauthtoken} ({@code get apikeys}, {@code describe|delete
 * apikey NAME}, {@code manifest apikey}). Only the masked hint of a key is ever shown. A key is named by its name,
 * or by its id when several keys share a name; deleting one revokes it. Keys are created on the server
 * ({@code prompt keys create}), because the clear key can be shown only once. Only admin keys see and revoke keys.
 */
final class CliApiKeys {
    private final PromptEngine engine;

    CliApiKeys(PromptEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Active keys first, each group by name, then id. */
    List<ApiKey> list(CliCaller caller) {
        return engine.apiKeys().list(caller.account().id(), caller.principal()).stream()
                .sorted(Comparator.comparing((ApiKey k) -> !k.isActive()).thenComparing(ApiKey::name)
                        .thenComparingLong(ApiKey::id))
                .toList();
    }

    CliTable table(CliCaller caller, String name, int rows) {
        CliTable table = new CliTable().column("id", CliTable.NUMBER).column("name", CliTable.TEXT)
                .column("key", CliTable.TEXT).column("active", CliTable.BOOLEAN)
                .column("created", CliTable.TIME).column("revoked", CliTable.TIME);
        list(caller).stream()
                .filter(k -> name == null || name.isBlank() || matches(k, name.strip()))
                .limit(rows)
                .forEach(k -> table.row().put("id", k.id()).put("name", k.name()).put("key", k.hint())
                        .put("active", k.isActive()).put("created", k.createdAt().toString())
                        .put("revoked", k.revokedAt() == null ? null : k.revokedAt().toString()));
        return table;
    }

    ObjectNode describe(CliCaller caller, String name) {
        return manifest(find(caller, name), caller);
    }

    /** Revokes the key: it authenticates nothing from now on. Revoking a revoked key changes nothing. */
    ApiKey revoke(CliCaller caller, String name) {
        ApiKey key = find(caller, name);
        engine.apiKeys().revoke(key, caller.principal());
        return key;
    }

    /** What a key looks like to describe, with how to get one: apply cannot create keys. */
    static ObjectNode example() {
        ObjectNode manifest = HttpJson.object().put("apiVersion", Endpoint.API_VERSION)
                .put("kind", CliKind.API_KEY_THING);
        manifest.putObject("metadata").put("name", "laptop")
                .put("description", "API keys are created on the server with `prompt keys create --account"
                        + " <number> --name <name>`, which prints the key once; apply does not create them."
                        + " smarter get apikeys lists them, smarter delete apikey <name> revokes one.");
        manifest.putObject("spec").put("key", "****1a2b").put("active", true);
        return manifest;
    }

    private ApiKey find(CliCaller caller, String name) {
        List<ApiKey> found = list(caller).stream().filter(k -> matches(k, name)).toList();
        if (found.isEmpty()) {
            throw PromptException.notFound("API key " + name + " not found");
        }
        List<ApiKey> active = found.stream().filter(ApiKey::isActive).toList();
        if (found.size() > 1 && active.size() != 1) {
            throw PromptException.invalid(found.size() + " API keys are named " + name
                    + "; name one by its id (get apikeys shows the ids)");
        }
        return active.isEmpty() ? found.get(0) : active.get(0);
    }

    private static boolean matches(ApiKey key, String name) {
        return key.name().equals(name) || String.valueOf(key.id()).equals(name);
    }

    private static ObjectNode manifest(ApiKey key, CliCaller caller) {
        ObjectNode manifest = HttpJson.object().put("apiVersion", Endpoint.API_VERSION)
                .put("kind", CliKind.API_KEY_THING);
        manifest.putObject("metadata").put("name", key.name()).put("id", key.id());
        manifest.putObject("spec").put("key", key.hint()).put("active", key.isActive());
        manifest.putObject("status").put("accountNumber", caller.account().number().value())
                .put("created", key.createdAt().toString())
                .put("revoked", key.revokedAt() == null ? null : key.revokedAt().toString())
                .put("thisKey", key.id() == caller.key().keyId());
        return manifest;
    }
}
