package sh.smarter.prompt.core.resource;

import java.util.regex.Pattern;
import sh.smarter.prompt.core.error.PromptException;

/** Names of chatbots, plugins, connections and providers: snake_case, unique within an account and kind. */
public final class ResourceName {
    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    private ResourceName() {
    }

    public static boolean isValid(String name) {
        return name != null && FORMAT.matcher(name).matches();
    }

    /** Returns the name if valid, else throws an error that names the field. */
    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw PromptException.invalid(field + " must be snake_case (a-z, 0-9, _; starting with a letter; at most"
                    + " 100 characters)");
        }
        return name;
    }
}
