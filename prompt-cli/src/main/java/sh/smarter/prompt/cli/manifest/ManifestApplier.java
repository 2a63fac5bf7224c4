package sh.smarter.prompt.cli.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.manifest.ManifestReader;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase.ApplyResult;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;

/**
 * Applies manifests in an order that satisfies their references, whatever order the files list them in: accounts,
 * then connections and providers, then plugins, then chatbots. Every kind is checked before anything is applied,
 * and the first rejected manifest stops the run with its file and field path. Applying is idempotent, so running
 * again after a fix completes the rest.
 */
public final class ManifestApplier {
    private static final Map<ResourceKind, Integer> ORDER = Map.of(
            ResourceKind.ACCOUNT, 0,
            ResourceKind.SQL_CONNECTION, 1,
            ResourceKind.API_CONNECTION, 1,
            ResourceKind.PROVIDER, 2,
            ResourceKind.PLUGIN, 3,
            ResourceKind.SQL_PLUGIN, 3,
            ResourceKind.API_PLUGIN, 3,
            ResourceKind.CHATBOT, 4);

    private final ManageResourcesUseCase resources;
    private final Principal principal;

    public ManifestApplier(ManageResourcesUseCase resources, Principal principal) {
        this.resources = resources;
        this.principal = principal;
    }

    /** What happened to one document. */
    public record Applied(ManifestDocument document, ApplyResult result) {
        /** "Chatbot example created". */
        public String line() {
            return result.kind().manifestName() + " " + result.name() + " "
                    + result.outcome().name().toLowerCase(Locale.ROOT);
        }
    }

    /** Applies every document; {@code progress} sees each result as it happens. */
    public List<Applied> apply(List<ManifestDocument> documents, Consumer<Applied> progress) {
        List<Kinded> kinded = new ArrayList<>();
        for (ManifestDocument document : documents) {
            kinded.add(new Kinded(document, kindOf(document)));
        }
        // A stable sort: within a kind, the files' own order.
        kinded.sort(Comparator.comparingInt(k -> ORDER.get(k.kind())));
        List<Applied> results = new ArrayList<>();
        for (Kinded next : kinded) {
            ApplyResult result;
            try {
                result = resources.apply(next.document().manifest(), principal);
            } catch (PromptException e) {
                throw ManifestReaderFailure.rejected(next.document(), e);
            }
            Applied applied = new Applied(next.document(), result);
            results.add(applied);
            progress.accept(applied);
        }
        return results;
    }

    private record Kinded(ManifestDocument document, ResourceKind kind) {
    }

    private static ResourceKind kindOf(ManifestDocument document) {
        try {
            return ManifestReader.kind(document.manifest());
        } catch (PromptException e) {
            throw ManifestReaderFailure.rejected(document, e);
        }
    }
}
