package sh.smarter.prompt.http.smartercli;

import io.javalin.http.Context;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.http.server.Endpoint;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * Who asks a {@code <command>/<kind>/} endpoint about which kind. The endpoint is described before anything can
 * fail (so even a 401 names its command), then again with the kind as its thing.
 */
record CliTarget(CliCaller caller, CliKind kind, Endpoint endpoint) {

    static CliTarget of(Context ctx, PromptEngine engine, String command) {
        HttpRequests.describe(ctx, new Endpoint(command, "Resource"));
        CliCaller caller = CliCaller.of(ctx, engine);
        CliKind kind = CliKind.parse(ctx.pathParam("kind"));
        Endpoint endpoint = new Endpoint(command, kind.thing());
        HttpRequests.describe(ctx, endpoint);
        return new CliTarget(caller, kind, endpoint);
    }
}
