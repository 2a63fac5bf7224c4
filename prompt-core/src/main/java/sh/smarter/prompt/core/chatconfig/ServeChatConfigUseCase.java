package sh.smarter.prompt.core.chatconfig;

/** Inbound port: the configuration object a chat page loads (and reloads) to show a conversation. */
public interface ServeChatConfigUseCase {
    ChatConfig chatConfig(ChatConfigQuery query);
}
