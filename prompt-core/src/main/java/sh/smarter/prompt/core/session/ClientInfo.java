package sh.smarter.prompt.core.session;

/**
 * Where a session came from. {@code clientId} names a non-browser client that continues its own session, such
 * as one CLI user ("cli:&lt;key id&gt;:&lt;uid&gt;"); browsers carry their key in a cookie instead.
 */
public record ClientInfo(String ipAddress, String userAgent, String url, String clientId) {
    public static final ClientInfo UNKNOWN = new ClientInfo(null, null, null, null);

    public ClientInfo {
        ipAddress = clip(ipAddress, 64);
        userAgent = clip(userAgent, 512);
        url = clip(url, 2048);
        clientId = clip(clientId, 255);
    }

    private static String clip(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    public ClientInfo withClientId(String id) {
        return new ClientInfo(ipAddress, userAgent, url, id);
    }
}
