package sh.smarter.prompt.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.cli.failure.CliFailure;

/** The points in time {@code sessions prune} takes: an age ("30d") or a date ("2026-01-31"). */
final class Cutoffs {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])");

    private Cutoffs() {
    }

    /** An age such as 90m, 12h, 30d or 2w (or ISO-8601, P30D), counted back from now. */
    static Instant olderThan(String text, Instant now) {
        String age = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = AGE.matcher(age);
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "w" -> Duration.ofDays(amount * 7);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(age.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw CliFailure.usage("--older-than takes an age such as 30d, 12h or 2w, got " + text);
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw CliFailure.usage("--older-than must be a positive age, got " + text);
        }
        return now.minus(duration);
    }

    /** A date (midnight UTC) or a timestamp with its offset. */
    static Instant inactiveSince(String text) {
        String value = text.strip();
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notATimestamp) {
                throw CliFailure.usage("--inactive-since takes a date such as 2026-01-31 or a timestamp such as "
                        + "2026-01-31T12:00:00Z, got " + text);
            }
        }
    }
}
