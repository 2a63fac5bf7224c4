package sh.smarter.prompt.persistence.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The embedded database's password: generated once, kept in the data directory in a file only its owner may read
 * ({@code smarter-prompt.password}, mode 0600). Without it, anything that can open a JDBC URL on this machine (a SQL plugin, a
 * process of another user) could open the embedded database as {@code sa} with an empty password.
 *
 * <p>A data directory from before this password has a database whose {@code sa} password is empty and no file: on
 * its first open the password is set on the database and then written to the file, so nothing is lost and nothing
 * needs doing by hand. The file is written beside its final name first, so that a crash between setting the password
 * and writing the file leaves the password recoverable.
 */
final class EmbeddedPassword {
    static final String FILE_NAME = DatabaseSettings.EMBEDDED_DATABASE_NAME + ".password";
    private static final String PENDING_SUFFIX = ".pending";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPassword.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private EmbeddedPassword() {
    }

    /**
     * The password of the embedded database at {@code url} in {@code directory}: read from the file, or generated
     * (and, for an existing passwordless database, set on it).
     */
    static String of(Path directory, String url, String user) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Optional<String> stored = read(file);
            if (stored.isPresent()) {
                return stored.get();
            }
            Path pending = directory.resolve(FILE_NAME + PENDING_SUFFIX);
            boolean databaseExists = Files.exists(directory.resolve(DatabaseSettings.EMBEDDED_DATABASE_NAME + ".mv.db"));
            String password = read(pending).filter(text -> text.matches("[0-9a-f]{16,}"))
                    .orElseGet(EmbeddedPassword::generate);
            writeOwnerOnly(pending, password);
            if (databaseExists) {
                setOnOldDatabase(url, user, password);
            }
            publish(pending, file);
            return read(file).orElse(password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the embedded database's password in " + file, e);
        }
    }

    /** An old database has no password yet, or (after a crash) already the pending one. */
    private static void setOnOldDatabase(String url, String user, String password) {
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            try (Statement alter = connection.createStatement()) {
                // Hex only (checked above), so it is safe as a literal; H2 takes no parameter here.
                alter.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
            }
            LOG.info("the embedded database now has a password, kept in {} (owner-only)", FILE_NAME);
        } catch (SQLException empty) {
            try (Connection ignored = DriverManager.getConnection(url, user, password)) {
                LOG.info("the embedded database already had the pending password; keeping it in {}", FILE_NAME);
            } catch (SQLException pending) {
                pending.addSuppressed(empty);
                throw new PromptException(sh.smarter.prompt.core.error.ErrorKind.CONFIGURATION,
                        "SmarterConfigurationError", "the embedded database refused both an empty password and "
                        + "the one in " + FILE_NAME + PENDING_SUFFIX + ": " + empty.getMessage(), pending);
            }
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static void writeOwnerOnly(Path file, String password) throws IOException {
        if (read(file).filter(password::equals).isPresent()) {
            return;
        }
        Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            restrict(temporary);
            Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The pending file becomes the password file; if another process got there first, its file wins. */
    private static void publish(Path pending, Path file) throws IOException {
        try {
            Files.createLink(file, pending);
            Files.deleteIfExists(pending);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(pending);
        } catch (UnsupportedOperationException | IOException e) {
            if (!Files.exists(file)) {
                move(pending, file);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
