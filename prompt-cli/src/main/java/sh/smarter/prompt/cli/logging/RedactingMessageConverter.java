package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %redactedMsg} in logback.xml: the log message with every secret masked (see {@link Redaction}). */
public final class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.scrub(super.convert(event));
    }
}
