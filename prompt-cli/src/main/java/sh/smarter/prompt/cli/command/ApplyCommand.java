package sh.smarter.prompt.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.manifest.ManifestApplier;
import sh.smarter.prompt.cli.manifest.ManifestDocument;
import sh.smarter.prompt.cli.manifest.ManifestFiles;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;

/** {@code prompt apply -f FILE|DIR}: creates or updates resources from manifests. */
@Command(name = "apply", description = {"Creates or updates resources from YAML or JSON manifests.",
        "Idempotent: applying the same manifests again reports them unchanged. A directory applies its *.yaml, *.yml "
                + "and *.json files in dependency order: accounts, connections, providers, plugins, chatbots."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt apply -f examples/getting-started/",
                "  prompt apply -f chatbot.yaml -f plugin.json",
                "  prompt apply -R -f examples/",
                "  prompt get chatbots -o yaml | prompt apply -f -     # apply what get printed"})
public final class ApplyCommand extends InstallationCommand {
    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "A manifest file, a directory of them, or - for standard input; repeatable.")
    private List<String> paths;

    @Option(names = {"-R", "--recursive"}, description = "Also apply the files of subdirectories.")
    private boolean recursive;

    private final List<ManifestDocument> documents = new ArrayList<>();

    /** Every file is read and parsed before the database opens: a syntax error anywhere applies nothing. */
    @Override
    void checkArguments(Invocation invocation) throws IOException {
        for (String path : paths) {
            documents.addAll(path.equals("-") ? fromStandardInput(invocation)
                    : ManifestFiles.read(Path.of(path), recursive));
        }
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        new ManifestApplier(local.resources(), Principal.OPERATOR)
                .apply(documents, applied -> invocation.out().println(applied.line()));
        return ExitCode.OK;
    }

    private static List<ManifestDocument> fromStandardInput(Invocation invocation) {
        String text = invocation.context().in().lines().collect(Collectors.joining("\n"));
        String start = text.stripLeading();
        return ManifestFiles.parse("stdin", text, start.startsWith("{") || start.startsWith("["));
    }
}
