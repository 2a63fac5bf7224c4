package sh.smarter.prompt.cli.settings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import sh.smarter.prompt.cli.failure.CliFailure;

/**
 * The settings in config.yaml. Nested keys as the file writes them, for example:
 *
 * <pre>
 * database: {url: jdbc:mysql://db:3306/prompt, user: prompt, password: secret}
 * server: {port: 8080, corsOrigins: [https://www.example.com]}
 * providers: {openai: {baseUrl: http://localhost:11434/v1/}}
 * </pre>
 *
 * A key the CLI does not know is an error naming the file and the key: a typo must not silently do nothing.
 */
public final class ConfigFile {
    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path path;
    private final Map<Setting, String> values;

    private ConfigFile(Path path, Map<Setting, String> values) {
        this.path = path;
        this.values = values;
    }

    public static ConfigFile none() {
        return new ConfigFile(null, new EnumMap<>(Setting.class));
    }

    /** The file's settings; a missing file has none, unless it was named explicitly ({@code required}). */
    public static ConfigFile read(Path path, boolean required) {
        if (!Files.exists(path)) {
            if (required) {
                throw CliFailure.usage("config file " + path + " does not exist");
            }
            return none();
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (JacksonException e) {
            throw CliFailure.usage(path + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CliFailure.failed("cannot read " + path + ": " + e.getMessage(), e);
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw CliFailure.usage(path + ": expected a mapping of settings");
            }
            collect(path, "", root, values);
        }
        return new ConfigFile(path, values);
    }

    private static void collect(Path file, String prefix, JsonNode node, Map<Setting, String> values) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            Setting setting = Setting.byConfigKey(key).orElse(null);
            if (setting == null && value.isObject()) {
                collect(file, key + ".", value, values);
            } else if (setting == null) {
                throw CliFailure.usage(file + ": unknown setting " + key + " (known: " + knownKeys() + ")");
            } else if (!value.isNull()) {
                values.put(setting, scalarOrList(file, key, setting, value));
            }
        }
    }

    private static String scalarOrList(Path file, String key, Setting setting, JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (setting.isList() && value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        throw CliFailure.usage(file + ": " + key + " must be " + (setting.isList() ? "a list or a string" : "a value"));
    }

    private static String knownKeys() {
        return Arrays.stream(Setting.values()).map(Setting::configKey).collect(Collectors.joining(", "));
    }

    /** Where the settings came from, or null when there was no file. */
    public Path path() {
        return path;
    }

    public String get(Setting setting) {
        return values.get(setting);
    }
}
