package sh.smarter.prompt.core.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonBool;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ResourceName;
import sh.smarter.prompt.core.resource.Secret;

/**
 * One JSON object of a manifest, read field by field. It knows its path ("spec.config") so every error names the
 * exact field, checks JSON types, and remembers which keys were read so that {@link #read} can reject the rest as
 * unknown. A key whose value is JSON null counts as absent: YAML manifests often spell out {@code key: null}.
 */
final class Fields {
    private static final String SNAKE_CASE =
            "must be snake_case (a-z, 0-9 and _, starting with a letter, at most 100 characters)";
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String MASKED_PREFIX = "****";

    private final String path;
    private final JsonObject object;
    private final Set<String> known = new HashSet<>();

    private Fields(String path, JsonObject object) {
        this.path = path;
        this.object = object;
    }

    /** Reads a whole manifest; keys that {@code reader} neither read nor ignored are rejected. */
    static <T> T read(JsonObject manifest, Function<Fields, T> reader) {
        return readAt("", manifest, reader);
    }

    private static <T> T readAt(String path, JsonObject object, Function<Fields, T> reader) {
        Fields fields = new Fields(path, object);
        T value = reader.apply(fields);
        fields.rejectUnknown();
        return value;
    }

    /** The path of one of this object's fields, as shown in error messages. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    PromptException invalid(String key, String problem) {
        return PromptException.invalid(pathOf(key) + " " + problem);
    }

    /** Present with a value other than null. Asking about a key makes it a known one. */
    boolean has(String key) {
        known.add(key);
        return !object.get(key).isNull();
    }

    /** Accepts these keys without reading them: fields of the Smarter format that this product has no use for. */
    void ignore(String... keys) {
        known.addAll(List.of(keys));
    }

    /** The value, or null when absent. */
    Json value(String key) {
        known.add(key);
        Json value = object.get(key);
        return value.isNull() ? null : value;
    }

    String string(String key) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.value();
        }
        throw invalid(key, "must be a string");
    }

    /** A string that may be spelled in several ways (camelCase and the snake_case of older manifests). */
    String string(String key, String alias) {
        if (has(key) && has(alias)) {
            throw invalid(key, "and " + pathOf(alias) + " mean the same; give only one");
        }
        known.add(alias);
        return has(alias) ? string(alias) : string(key);
    }

    String requiredString(String key) {
        String value = string(key);
        if (value == null || value.isBlank()) {
            throw invalid(key, "is required");
        }
        return value;
    }

    Double numberBetween(String key, double min, double max) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber n && n.doubleValue() >= min && n.doubleValue() <= max) {
            return n.doubleValue();
        }
        throw invalid(key, "must be a number between " + min + " and " + max);
    }

    Integer integerBetween(String key, int min, int max) {
        return integer(key, min, max, "must be a whole number between " + min + " and " + max);
    }

    Integer positiveInteger(String key) {
        return integer(key, 1, Integer.MAX_VALUE, "must be a whole number of at least 1");
    }

    /** A whole number of at least 1 that may exceed an int (token counts). */
    Long positiveLong(String key) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.value().signum() > 0
                && n.value().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return n.longValue();
        }
        throw invalid(key, "must be a whole number of at least 1");
    }

    private Integer integer(String key, int min, int max, String expectation) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.doubleValue() >= min && n.doubleValue() <= max) {
            return n.value().intValue();
        }
        throw invalid(key, expectation);
    }

    Boolean bool(String key) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonBool b) {
            return b.value();
        }
        throw invalid(key, "must be true or false");
    }

    /** A list of strings, or null when absent. */
    List<String> strings(String key) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonArray array && array.stream().allMatch(JsonString.class::isInstance)) {
            return array.stream().map(item -> ((JsonString) item).value()).toList();
        }
        throw invalid(key, "must be a list of strings");
    }

    /** A resource's snake_case name, required. */
    String name(String key) {
        String name = requiredString(key);
        if (!ResourceName.isValid(name)) {
            throw invalid(key, SNAKE_CASE);
        }
        return name;
    }

    /** A resource's snake_case name, or null when absent. */
    String optionalName(String key) {
        return has(key) ? name(key) : string(key);
    }

    /** A list of snake_case names, or null when absent. */
    List<String> names(String key) {
        List<String> names = strings(key);
        for (int i = 0; names != null && i < names.size(); i++) {
            if (!ResourceName.isValid(names.get(i))) {
                throw PromptException.invalid(elementPath(key, i) + " " + SNAKE_CASE);
            }
        }
        return names;
    }

    /** {@code text} (read from {@code key}) as an account number, or null when absent. */
    AccountNumber accountNumber(String text, String key) {
        if (text == null) {
            return null;
        }
        try {
            return AccountNumber.parse(text);
        } catch (PromptException e) {
            throw invalid(key, "must look like 1234-5678-9012");
        }
    }

    /** {@code url} (read from {@code key}, possibly under an alias) as a required http(s) URL. */
    String httpUrl(String key, String url) {
        if (url == null || url.isBlank()) {
            throw invalid(key, "is required");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw invalid(key, "must start with http:// or https://");
        }
        return url;
    }

    /**
     * A credential given in clear ({@code clearKey}) or as the name of an environment variable ({@code envKey},
     * whose value the caller read, possibly under an alias).
     */
    Secret secret(String clearKey, String envKey, String variable) {
        String clear = string(clearKey);
        if (clear != null && variable != null) {
            throw invalid(clearKey, "and " + pathOf(envKey) + " exclude each other; give one");
        }
        if (variable != null) {
            if (!ENVIRONMENT_VARIABLE.matcher(variable).matches()) {
                throw invalid(envKey, "must be the name of an environment variable");
            }
            return Secret.env(variable);
        }
        // describe masks secrets; storing the mask would silently break the connection.
        if (clear != null && clear.startsWith(MASKED_PREFIX)) {
            throw invalid(clearKey, "is masked (" + MASKED_PREFIX + "...); give the real value or "
                    + pathOf(envKey));
        }
        return Secret.value(clear);
    }

    /** The path of one element of a list field: "spec.plugins[1]". */
    String elementPath(String key, int index) {
        return pathOf(key) + "[" + index + "]";
    }

    /** A free-form JSON object, taken as it is (for example a static plugin's data), or null when absent. */
    JsonObject anyObject(String key) {
        Json value = value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw invalid(key, "must be an object");
    }

    /** Reads a nested object with its own unknown-field check, or returns null when it is absent. */
    <T> T object(String key, Function<Fields, T> reader) {
        JsonObject nested = anyObject(key);
        return nested == null ? null : readAt(pathOf(key), nested, reader);
    }

    <T> T requiredObject(String key, Function<Fields, T> reader) {
        if (!has(key)) {
            throw invalid(key, "is required");
        }
        return object(key, reader);
    }

    /** Reads a list of objects, each with its own unknown-field check; empty when absent. */
    <T> List<T> objects(String key, Function<Fields, T> reader) {
        Json value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonObject.class::isInstance)) {
            throw invalid(key, "must be a list of objects");
        }
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(readAt(elementPath(key, i), (JsonObject) array.get(i), reader));
        }
        return values;
    }

    /**
     * Runs a domain constructor. Its validation messages do not know where the value came from, so this prefixes
     * them with this object's path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (PromptException e) {
            if (e.kind() != ErrorKind.INVALID_INPUT || path.isEmpty()) {
                throw e;
            }
            throw PromptException.invalid(path + ": " + e.getMessage());
        }
    }

    private void rejectUnknown() {
        for (String key : object.keys()) {
            if (!known.contains(key)) {
                throw invalid(key, "is not a known field");
            }
        }
    }
}
