package sh.smarter.prompt.core.access;

import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Session;

/**
 * Which API key started a session. A session started with a key carries the key's id in its client id
 * ({@code key:<id>}, or {@code cli:<id>:<uid>} for a user of the {@code smarter} CLI), so that a {@code chat} key can
 * read and delete the sessions it started and no others.
 */
public final class SessionOwners {
    private SessionOwners() {
    }

    /** The client a new session is stored with: marked with the key that starts it, unless it names itself. */
    public static ClientInfo stamped(ClientInfo client, Principal principal) {
        if (principal instanceof Principal.AccountKey key && client.clientId() == null) {
            return client.withClientId("key:" + key.keyId());
        }
        return client;
    }

    /** The client id of one user of the {@code smarter} CLI holding this key. */
    public static String cliClientId(long keyId, String uid) {
        return "cli:" + keyId + ":" + uid;
    }

    public static boolean startedBy(Session session, Principal principal) {
        if (!(principal instanceof Principal.AccountKey key)) {
            return false;
        }
        String id = session.client().clientId();
        return id != null && (id.equals("key:" + key.keyId()) || id.startsWith("cli:" + key.keyId() + ":"));
    }
}
