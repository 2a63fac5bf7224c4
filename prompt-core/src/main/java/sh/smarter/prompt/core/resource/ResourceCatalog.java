package sh.smarter.prompt.core.resource;

/**
 * The three resource ports of one storage as one object, for wiring them in one go ({@code PromptEngine.Builder
 * .resourceCatalog}). Kept whole on purpose: the cache decorator forgets its lookups on every write, so lookups
 * and writes must pass through the same object. The core's services never depend on it; each depends on the port
 * its caller needs — {@link ChatbotLookup} (serving a chatbot), {@link ResourceManagement} (save, list, delete of
 * every kind) and {@link ApiKeyStore} (creating, revoking and checking API keys).
 */
public interface ResourceCatalog extends ChatbotLookup, ResourceManagement, ApiKeyStore {

    /**
     * A number that moves with every change to the storage — made through this catalog or any other on the same
     * storage, another process's included — and stays while nothing changes. A cache asks for it instead of reading
     * again everything it remembers.
     */
    long version();
}
