package sh.smarter.prompt.core.resource;

import java.util.List;
import java.util.Objects;

/** When a plugin takes part in a turn. */
public sealed interface PluginSelector {
    PluginSelector ALWAYS = new Always();

    static PluginSelector searchTerms(List<String> terms) {
        return new SearchTerms(terms);
    }

    /** Selected for every prompt. */
    record Always() implements PluginSelector {
    }

    /** Selected when one of the terms occurs in the prompt (case and punctuation ignored). */
    record SearchTerms(List<String> terms) implements PluginSelector {
        public SearchTerms {
            terms = List.copyOf(Objects.requireNonNull(terms, "terms"));
            if (terms.isEmpty() || terms.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw sh.smarter.prompt.core.error.PromptException.invalid(
                        "searchTerms must be a non-empty list of non-blank terms");
            }
        }
    }
}
