/**
 * Who may do what: API keys and their scopes ({@code ManageApiKeysUseCase}), the caller of a request
 * ({@code Principal}), which chatbot a name resolves to for a caller ({@code ChatbotAccess}, {@code ChatbotDirectory}
 * behind {@code ListChatbotsUseCase}), the chatbots and accounts adapters look up by name ({@code FindChatbotsUseCase},
 * {@code FindAccountsUseCase}) and which sessions a key owns.
 */
package sh.smarter.prompt.core.access;
