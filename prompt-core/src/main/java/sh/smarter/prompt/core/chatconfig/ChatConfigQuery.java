package sh.smarter.prompt.core.chatconfig;

import java.util.Objects;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * A request for a chatbot's configuration object. {@code sessionKey} is null when the client has none; a key the
 * server does not know for this chatbot is treated the same way (a new session is minted, never the client's key
 * adopted). Without a key, a query whose client names a {@code clientId} continues that client's latest session,
 * unless {@code newSession} asks for a fresh one (which then is that client's latest).
 */
public record ChatConfigQuery(ChatbotRef chatbot, SessionKey sessionKey, ClientInfo client, Principal principal,
                              boolean newSession) {
    public ChatConfigQuery(ChatbotRef chatbot, SessionKey sessionKey, ClientInfo client, Principal principal) {
        this(chatbot, sessionKey, client, principal, false);
    }

    public ChatConfigQuery {
        Objects.requireNonNull(chatbot, "chatbot");
        client = client == null ? ClientInfo.UNKNOWN : client;
        principal = principal == null ? Principal.ANONYMOUS : principal;
    }
}
