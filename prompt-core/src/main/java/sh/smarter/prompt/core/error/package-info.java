/**
 * The errors a use case raises, each with an {@code ErrorKind} that the adapters map to a status code and the
 * envelope their clients read.
 */
package sh.smarter.prompt.core.error;
