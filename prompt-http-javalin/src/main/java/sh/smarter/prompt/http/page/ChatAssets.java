package sh.smarter.prompt.http.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The chat page's bundled assets, read once from the classpath ({@code chat-assets/}, written there by the Maven
 * build's esbuild step). Each has a content hash, used as the page's cache-busting version and as its ETag.
 */
final class ChatAssets {
    static final String SCRIPT = "ui-chat.js";
    static final String STYLESHEET = "ui-chat.css";
    private static final String CLASSPATH_DIR = "chat-assets/";

    record Asset(String name, byte[] bytes, String contentType, String version) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    ChatAssets(ClassLoader loader) {
        load(loader, SCRIPT, "text/javascript; charset=utf-8");
        load(loader, STYLESHEET, "text/css; charset=utf-8");
    }

    private void load(ClassLoader loader, String name, String contentType) {
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_DIR + name)) {
            if (in != null) {
                byte[] bytes = in.readAllBytes();
                assets.put(name, new Asset(name, bytes, contentType, versionOf(bytes)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chat page asset " + name, e);
        }
    }

    /** False when the jar was built with -Dskip.web=true. */
    boolean available() {
        return assets.containsKey(SCRIPT) && assets.containsKey(STYLESHEET);
    }

    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The URL path of an asset, with its version so browsers may cache it for good. */
    String url(String name) {
        return "/chat/assets/" + name + find(name).map(a -> "?v=" + a.version()).orElse("");
    }

    private static String versionOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
