package sh.smarter.prompt.cli.chat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * The last session of each chatbot, per target (the local database or a server), so that {@code chat} continues a
 * conversation the way a browser does with its cookie. Kept in the CLI's state directory; a session key is the
 * capability to its conversation, so the file is readable by its owner only where the file system allows.
 */
public final class LastSessions {
    public static final String FILE_NAME = "last-sessions.properties";

    private final Path file;

    public LastSessions(Path stateDirectory) {
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    /** The target of the local database this label names. */
    public static String localTarget(String databaseLabel) {
        return "local " + databaseLabel;
    }

    public Optional<SessionKey> get(String target, String chatbot) {
        String value = load().getProperty(key(target, chatbot));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SessionKey.parse(value));
        } catch (PromptException e) {
            return Optional.empty(); // an edited or damaged entry: start afresh rather than fail
        }
    }

    public synchronized void remember(String target, String chatbot, SessionKey session) {
        Properties properties = load();
        properties.setProperty(key(target, chatbot), session.value());
        store(properties);
    }

    public synchronized void forget(String target, String chatbot) {
        Properties properties = load();
        if (properties.remove(key(target, chatbot)) != null) {
            store(properties);
        }
    }

    private static String key(String target, String chatbot) {
        return target + " " + chatbot;
    }

    private Properties load() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return properties;
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a file. */
    private void store(Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "The last session of each chatbot, per database or server (prompt chat)");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
