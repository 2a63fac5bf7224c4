package sh.smarter.prompt.cli.settings;

import java.util.Map;

/** A group of command-line options that set {@link Setting}s; options not given add nothing. */
public interface SettingFlags {
    void addTo(Map<Setting, String> flags);

    static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
