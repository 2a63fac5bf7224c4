package sh.smarter.prompt.tests.bench;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines on stderr, so that stdout holds only the report. */
final class BenchLog {
    private BenchLog() {
    }

    static void progress(String format, Object... arguments) {
        System.err.printf(Locale.ROOT, "[bench %s] %s%n", LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, arguments));
    }
}
