package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %redactedEx} in logback.xml: stack traces carry exception messages, which may quote a URL or a header. The
 * connection pool's warnings get one line instead of a trace ({@link PoolWarnings}).
 */
public final class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        if (PoolWarnings.shortened(event)) {
            return Redaction.scrub(PoolWarnings.oneLine(event.getThrowableProxy())) + CoreConstants.LINE_SEPARATOR;
        }
        return super.convert(event);
    }

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Redaction.scrub(super.throwableProxyToString(proxy));
    }
}
