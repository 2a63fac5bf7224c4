/**
 * Adapters that live in memory: the in-memory session store, resource catalog and idempotency keys (for tests and
 * programs that need no database), a scripted chat provider (for tests that need no model), and the caching
 * decorator in front of any resource catalog.
 */
package sh.smarter.prompt.core.inmemory;
