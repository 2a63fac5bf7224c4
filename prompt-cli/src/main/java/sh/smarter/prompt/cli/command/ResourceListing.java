package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.output.Column;
import sh.smarter.prompt.cli.output.Listing;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.wire.json.JacksonJson;

/** Resources as {@code get} shows them: the manifests, and table columns that suit each kind. */
final class ResourceListing {
    static final String KINDS = "chatbots, plugins, sqlplugins, apiplugins, sqlconnections, apiconnections, providers, "
            + "accounts";

    private ResourceListing() {
    }

    /** A kind as users type it ("chatbots", "SqlPlugin", "llmclient"); a usage error listing the kinds otherwise. */
    static ResourceKind kind(String text) {
        return ResourceKind.parse(text).orElseThrow(() -> CliFailure.usage("unknown kind " + text + "; one of "
                + KINDS));
    }

    static Listing of(ResourceKind kind, List<JsonObject> manifests) {
        List<JsonNode> items = manifests.stream().map(JacksonJson::toNode).toList();
        List<Column> columns = new ArrayList<>(List.of(Column.at("NAME", "/metadata/name")));
        if (kind == ResourceKind.PLUGIN) {
            columns.add(Column.at("KIND", "/kind"));
        }
        columns.addAll(specificColumns(kind));
        columns.add(Column.at("VERSION", "/metadata/version"));
        columns.add(Column.at("ACCOUNT", "/status/accountNumber"));
        columns.add(Column.at("UPDATED", "/status/modified"));
        return new Listing(items, columns, "No " + kind.manifestName().toLowerCase(Locale.ROOT) + "s found.");
    }

    private static List<Column> specificColumns(ResourceKind kind) {
        return switch (kind) {
            case CHATBOT -> List.of(Column.at("PROVIDER", "/spec/config/provider"),
                    Column.at("MODEL", "/spec/config/defaultModel"), Column.at("DEPLOYED", "/spec/config/deployed"),
                    Column.at("PLUGINS", "/spec/plugins"));
            case PLUGIN, SQL_PLUGIN, API_PLUGIN -> List.of(Column.at("SELECTOR", "/spec/selector/directive"));
            case SQL_CONNECTION -> List.of(Column.at("URL", "/spec/connection/url"));
            case API_CONNECTION -> List.of(Column.at("BASE URL", "/spec/connection/baseUrl"));
            case PROVIDER -> List.of(Column.at("BASE URL", "/spec/provider/baseUrl"),
                    Column.at("MODEL", "/spec/provider/defaultModel"));
            case ACCOUNT -> List.of(Column.at("NUMBER", "/spec/accountNumber"));
        };
    }
}
