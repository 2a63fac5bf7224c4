package sh.smarter.prompt.core.tool;

import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.PluginData;

/**
 * Outbound port: calls an API plugin's endpoint with the arguments (query parameters for GET, a JSON body for
 * POST). A non-2xx answer or a transport failure comes back as {@code {"error": "..."}}.
 */
public interface ApiPluginExecutor {
    Json execute(ApiConnection connection, PluginData.ApiData call, JsonObject arguments);
}
