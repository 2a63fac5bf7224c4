/**
 * Who may do what: API keys and their scopes, the caller of a request ({@code Principal}), which chatbot a name
 * resolves to for a caller ({@code ChatbotAccess}, {@code ChatbotDirectory}) and which sessions a key owns.
 */
package sh.smarter.prompt.core.access;
