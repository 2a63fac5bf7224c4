package sh.smarter.prompt.core.plugintarget;

import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;

/**
 * Why a plugin target is refused: the manifest field that names it, the rule it breaks and the reason in words.
 *
 * @param field  the manifest field, e.g. {@code spec.connection.url}
 * @param rule   the rule's short name, e.g. {@code sql-url-property} (README "Plugin targets" lists them)
 * @param reason what is wrong, naming the property, driver or address
 */
public record TargetRefusal(String field, String rule, String reason) {
    public TargetRefusal {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    /** "spec.connection.url is refused by the plugin target rule sql-driver: ..." */
    public String message() {
        return field + " is refused by the plugin target rule " + rule + ": " + reason;
    }

    /** The 400 an apply answers with. */
    public PromptException toException() {
        return PromptException.invalid(message());
    }
}
