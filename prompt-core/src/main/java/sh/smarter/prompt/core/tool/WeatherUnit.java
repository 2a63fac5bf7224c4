package sh.smarter.prompt.core.tool;

import java.util.Locale;
import java.util.Optional;

/** METRIC (°C, mm, km/h) or USCS (°F, inch, mph). */
public enum WeatherUnit {
    METRIC,
    USCS;

    public static Optional<WeatherUnit> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(METRIC);
        }
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
