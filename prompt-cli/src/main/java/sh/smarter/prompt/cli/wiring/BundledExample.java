package sh.smarter.prompt.cli.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import sh.smarter.prompt.cli.manifest.ManifestApplier;
import sh.smarter.prompt.cli.manifest.ManifestDocument;
import sh.smarter.prompt.cli.manifest.ManifestFiles;
import sh.smarter.prompt.core.access.FindAccountsUseCase;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;

/**
 * The example chatbot {@code serve} starts with, so that a new user gets a working chat page with nothing to
 * configure. The manifests are examples/getting-started/*.yaml, copied into the jar by the build.
 */
public final class BundledExample {
    public static final String CHATBOT = "example";
    /** The files of examples/getting-started, in the jar. A test checks this list against the directory. */
    public static final List<String> FILES = List.of("plugin-about-smarter-prompt.yaml", "chatbot-example.yaml");
    private static final String RESOURCE_DIRECTORY = "/sh/smarter/prompt/cli/bundled-example/";

    private BundledExample() {
    }

    /**
     * Applies the example when the database is empty (no account yet), that is on the first start. An installation
     * that has anything in it, even with the example deleted on purpose, is left as it is.
     *
     * @return true when the example was applied
     */
    public static boolean applyIfEmpty(FindAccountsUseCase accounts, ManageResourcesUseCase resources) {
        if (!accounts.all().isEmpty()) {
            return false;
        }
        new ManifestApplier(resources, Principal.OPERATOR).apply(documents(), applied -> { });
        return true;
    }

    public static List<ManifestDocument> documents() {
        List<ManifestDocument> documents = new ArrayList<>();
        for (String file : FILES) {
            documents.addAll(ManifestFiles.parse("bundled example " + file, read(RESOURCE_DIRECTORY + file), false));
        }
        return documents;
    }

    private static String read(String resource) {
        try (InputStream in = BundledExample.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource + "; rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
