package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %redactedEx} in logback.xml: stack traces carry exception messages, which may quote a URL or a header. */
public final class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Redaction.scrub(super.throwableProxyToString(proxy));
    }
}
