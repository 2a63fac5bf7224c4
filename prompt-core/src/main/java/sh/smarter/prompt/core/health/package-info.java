/**
 * Whether this process can serve prompts now: the readiness check ({@code CheckHealthUseCase}) that load balancers
 * and {@code smarter status} ask.
 */
package sh.smarter.prompt.core.health;
