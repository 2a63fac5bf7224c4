package sh.smarter.prompt.cli.command;

import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.Version;
import sh.smarter.prompt.cli.failure.Causes;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.logging.LogFormat;
import sh.smarter.prompt.cli.logging.LogLevels;
import sh.smarter.prompt.cli.output.Styles;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.settings.OperationsOptions;
import sh.smarter.prompt.cli.settings.ProviderOptions;
import sh.smarter.prompt.cli.settings.ProviderPresetSettings;
import sh.smarter.prompt.cli.settings.RateLimitOptions;
import sh.smarter.prompt.cli.settings.ResolvedSettings;
import sh.smarter.prompt.cli.settings.ServerOptions;
import sh.smarter.prompt.cli.wiring.BundledExample;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.cli.wiring.Monitoring;
import sh.smarter.prompt.cli.wiring.ShutdownSignal;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.limit.JavalinRateLimits;
import sh.smarter.prompt.http.limit.RateLimitSettings;
import sh.smarter.prompt.http.metrics.JavalinMetricsRoutes;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.http.server.RouteGroup;

/** {@code prompt serve}: the HTTP API and the chat page, until SIGINT or SIGTERM. */
@Command(name = "serve", description = {"Runs the HTTP server with the chat page.",
        "Serves the chat page at /chat/<chatbot>/, the API of the React chat component and of the smarter CLI, and "
                + "the native API under /api/v2/. Uses the embedded database in the data directory unless --db-url "
                + "names another, migrates it on start, and applies the example chatbot on the first start of an "
                + "empty database. On Ctrl+C (SIGINT) or SIGTERM it drains: /ready answers 503 at once, new requests get "
                + "503, and the requests in flight finish (up to --shutdown-grace) before it stops."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt serve",
                "  OPENAI_API_KEY=sk-... prompt serve --port 9000",
                "  prompt serve --host 0.0.0.0 --public-url https://chat.example.com/ "
                        + "--cors-origin https://www.example.com",
                "  prompt serve --db-url jdbc:mysql://db:3306/prompt --db-user prompt   # password: "
                        + "SMARTER_PROMPT_DB_PASSWORD",
                "  prompt serve --metrics --log-format json --shutdown-grace 60s",

                "  prompt serve --rate-limit-per-address 600   # many users behind one NAT address"})
public final class ServeCommand implements Callable<Integer> {
    /** How many chatbots' chat pages the start-up lines list. */
    private static final int CHAT_PAGES_SHOWN = 5;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerOptions server;

    @Mixin
    private DatabaseOptions database;

    @Mixin
    private ProviderOptions providers;

    @Mixin
    private OperationsOptions operations;

    @Mixin
    private RateLimitOptions rateLimits;

    @Override
    public Integer call() throws InterruptedException {
        Invocation invocation = Invocation.of(spec);
        ResolvedSettings settings = invocation.settings(server, database, providers, operations, rateLimits);
        HttpSettings http = new HttpSettings(settings.host(), settings.port(), settings.publicUrl().orElse(null),
                settings.corsOrigins(), HttpSettings.DEFAULT_MAX_REQUEST_BYTES, Version.current())
                .withTrustedProxies(settings.trustedProxies());
        LogLevels.forServer();
        LogFormat logFormat = settings.logFormat();
        logFormat.apply();
        Duration grace = settings.shutdownGrace();
        ShutdownSignal shutdown = invocation.context().shutdown();
        shutdown.allowCleanupFor(grace);
        shutdown.takeSignals();
        Monitoring monitoring = Monitoring.forServer(settings.metricsEnabled());
        LocalInstallation local = invocation.open(settings, monitoring);
        PromptHttpServer httpServer = null;
        try {
            boolean exampleApplied = BundledExample.applyIfEmpty(local.engine().findAccounts(), local.resources());
            httpServer = start(local, http, monitoring, settings.metricsToken().orElse(null),
                    settings.rateLimits());
            printStarted(invocation, settings, local, httpServer, exampleApplied);
            shutdown.await();
            if (logFormat == LogFormat.TEXT) {
                // In JSON, stderr holds log objects only; the drain's own log line says it is stopping.
                invocation.err().println(invocation.styles().dim("stopping..."));
            }
            return ExitCode.OK;
        } finally {
            // The server first (draining the requests in flight), so no request arrives at a closed pool; then the pool.
            try {
                if (httpServer != null) {
                    httpServer.stopGracefully(grace);
                }
            } finally {
                try {
                    local.close();
                } finally {
                    monitoring.close();
                    shutdown.cleanedUp();
                }
            }
        }
    }

    private static PromptHttpServer start(LocalInstallation local, HttpSettings http, Monitoring monitoring,
                                          String metricsToken, RateLimitSettings limits) {
        List<RouteGroup> groups = new ArrayList<>(PromptHttpApi.routeGroups(local.engine(), http,
                new JavalinRateLimits(local.engine().apiKeys(), limits)));
        monitoring.prometheus().ifPresent(metrics -> groups.add(new JavalinMetricsRoutes(metrics, metricsToken)));
        try {
            return PromptHttpServer.start(local.engine(), http, groups);
        } catch (RuntimeException e) {
            if (Causes.find(e, BindException.class).isPresent()) {
                throw CliFailure.failed("cannot listen on " + http.host() + ":" + http.port() + ": the port is in use "
                        + "(another prompt serve?); choose another with --port", e);
            }
            throw e;
        }
    }

    private static void printStarted(Invocation invocation, ResolvedSettings settings, LocalInstallation local,
                                     PromptHttpServer httpServer, boolean exampleApplied) {
        PrintWriter out = invocation.out();
        Styles styles = invocation.styles();
        String baseUrl = settings.publicUrl().map(url -> url.endsWith("/") ? url : url + "/")
                .orElse(httpServer.localUrl());
        out.println("Smarter Prompt " + Version.current() + " is serving " + httpServer.localUrl());
        out.println("  database:  " + local.databaseLabel() + " (schema version " + local.schema().currentVersion()
                + ")");
        if (exampleApplied) {
            out.println("  applied the bundled example chatbot \"" + BundledExample.CHATBOT
                    + "\" (first start of an empty database)");
        }
        List<String> pages = chatPages(local.engine());
        if (pages.isEmpty()) {
            out.println("  no chatbots yet: apply one with `prompt apply -f examples/getting-started/`");
        }
        for (String chatbot : pages) {
            out.println("  chat page: " + baseUrl + "chat/" + chatbot + "/");
        }
        out.println("  " + providerHint(settings));
        out.println(styles.dim("Press Ctrl+C to stop."));
        out.flush();
    }

    /** The deployed chatbots' names, the bundled example first. */
    private static List<String> chatPages(PromptEngine engine) {
        List<String> names = new ArrayList<>();
        for (Account account : engine.findAccounts().all()) {
            engine.findChatbots().ofAccount(account.id()).stream().filter(Chatbot::deployed).map(Chatbot::name)
                    .filter(name -> !names.contains(name)).forEach(names::add);
        }
        if (names.remove(BundledExample.CHATBOT)) {
            names.add(0, BundledExample.CHATBOT);
        }
        return names.subList(0, Math.min(CHAT_PAGES_SHOWN, names.size()));
    }

    /** Whether prompts to the openai provider can be answered, and what to do if not. */
    private static String providerHint(ResolvedSettings settings) {
        ProviderPresetSettings openAi = ProviderPresetSettings.OPENAI;
        Optional<String> key = settings.value(openAi.apiKey());
        String variable = openAi.apiKey().environmentVariable();
        if (key.isPresent()) {
            return "provider:  openai key " + Secret.mask(key.get()) + " (" + settings.source(openAi.apiKey()).label()
                    + ")";
        }
        return "provider:  " + variable + " is not set - prompts to openai chatbots answer with an error until you "
                + "set it, or point a chatbot at a local model (examples/local-model/)";
    }
}
