package sh.smarter.prompt.core.tool;

import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * Outbound port: runs a SQL plugin's query read-only, every {@code {name}} bound as a statement parameter, and
 * returns the rows as a JSON array of objects. Failures come back as {@code {"error": "..."}}.
 */
public interface SqlPluginExecutor {
    Json execute(SqlConnection connection, PluginData.SqlData query, JsonObject arguments);
}
