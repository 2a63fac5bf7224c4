/**
 * The chat configuration object that the React component {@code @smarter.sh/ui-chat} loads (chatbot, session,
 * history, recent provider requests): the {@code ServeChatConfigUseCase} and its service. Not the server's settings.
 */
package sh.smarter.prompt.core.chatconfig;
