/**
 * What an operator measures about turns: the outbound port {@code TurnMetrics} and the decorators that measure the
 * prompt use case and the provider around the real ones.
 */
package sh.smarter.prompt.core.metrics;
