package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels by what the process is doing. A one-shot command keeps quiet (WARN: its output is the answer); a
 * server logs its requests (INFO); {@code --verbose} shows the CLI's own debugging. logback.xml sets the quiet default
 * and keeps chatty libraries at WARN whatever happens here.
 */
public final class LogLevels {
    private static final String PRODUCT = "sh.smarter.prompt";

    private LogLevels() {
    }

    public static void forServer() {
        setLevel(Logger.ROOT_LOGGER_NAME, Level.INFO);
    }

    public static void verbose() {
        setLevel(PRODUCT, Level.DEBUG);
    }

    private static void setLevel(String loggerName, Level level) {
        // Another SLF4J binding (an embedding program's) is left alone.
        if (LoggerFactory.getLogger(loggerName) instanceof Logger logback) {
            logback.setLevel(level);
        }
    }
}
