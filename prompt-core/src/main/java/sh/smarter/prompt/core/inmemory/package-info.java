/**
 * Adapters that live in memory: the in-memory session store, resource catalog and idempotency keys (for tests and
 * programs that need no database) and the caching decorator in front of any resource catalog.
 */
package sh.smarter.prompt.core.inmemory;
