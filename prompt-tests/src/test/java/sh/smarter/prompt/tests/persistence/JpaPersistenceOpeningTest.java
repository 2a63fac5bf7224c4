package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.NewSession;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;

/** Choosing and opening a database: the embedded default, MySQL settings, and a database that is not there. */
class JpaPersistenceOpeningTest {

    @Test
    void the_embedded_database_is_created_in_its_data_directory_and_keeps_data_across_restarts(@TempDir Path home)
            throws IOException {
        Path dataDirectory = home.resolve("not-yet/created");
        SessionKey key = SessionKey.random(new SecureRandom());

        try (JpaPersistence first = JpaPersistence.open(DatabaseSettings.embeddedH2(dataDirectory))) {
            Session session = first.sessionStore().create(new NewSession(key, 1, ClientInfo.UNKNOWN, Instant.now()));
            first.sessionStore().appendTurn(session.id(), JpaSessionStoreScenarios.turn(
                    List.of(NewMessage.user("remember me 😀")), List.of()));
            first.resourceCatalog().saveAccount(new Account(0, new AccountNumber("1111-2222-3333"), "Acme",
                    Instant.now()));
        }

        assertThat(dataDirectory.resolve(DatabaseSettings.EMBEDDED_DATABASE_NAME + ".mv.db")).isRegularFile();
        try (JpaPersistence reopened = JpaPersistence.open(DatabaseSettings.embeddedH2(dataDirectory))) {
            assertThat(reopened.migrationInfo().isUpToDate()).isTrue();
            Session session = reopened.sessionStore().find(1, key).orElseThrow();
            assertThat(reopened.sessionStore().messagesAfter(session.id(), 0, 10)).singleElement()
                    .satisfies(m -> assertThat(m.content()).isEqualTo("remember me 😀"));
            assertThat(reopened.resourceCatalog().findAccount(new AccountNumber("1111-2222-3333"))).isPresent();
            assertThat(reopened.isReachable()).isTrue();
        }
        try (var files = Files.list(dataDirectory)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.startsWith("smarter-prompt"));
        }
    }

    @Test
    void the_embedded_database_has_a_generated_password_in_an_owner_only_file_and_refuses_an_empty_one(
            @TempDir Path dataDirectory) throws Exception {
        DatabaseSettings settings = DatabaseSettings.embeddedH2(dataDirectory);
        try (JpaPersistence opened = JpaPersistence.open(settings)) {
            Path passwordFile = dataDirectory.resolve("smarter-prompt.password");
            assertThat(passwordFile).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(passwordFile).strip()).matches("[0-9a-f]{48}").isEqualTo(settings.password());
            assertThat(settings.toString()).doesNotContain(settings.password());

            // What a SQL plugin pointed at this file used to get in: sa with an empty password.
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> DriverManager.getConnection(settings.jdbcUrl(), "sa", "").close())
                    .withMessageContaining("Wrong user name or password");
        }
        assertThat(DatabaseSettings.embeddedH2(dataDirectory).password()).as("read back, not generated again")
                .isEqualTo(settings.password());
    }

    @Test
    void a_data_directory_from_before_the_password_keeps_its_data_and_gets_a_password_on_first_open(
            @TempDir Path dataDirectory) throws Exception {
        String url = "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("smarter-prompt")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=5000;WRITE_DELAY=0;AUTO_SERVER=TRUE";
        try (JpaPersistence old = JpaPersistence.open(new DatabaseSettings(url, "sa", "", 2, Duration.ofSeconds(5)))) {
            old.resourceCatalog().saveAccount(new Account(0, new AccountNumber("1111-2222-3333"), "Acme",
                    Instant.now()));
        }
        assertThat(dataDirectory.resolve("smarter-prompt.password")).doesNotExist();

        DatabaseSettings upgraded = DatabaseSettings.embeddedH2(dataDirectory);

        assertThat(upgraded.jdbcUrl()).as("the same file").startsWith(url.substring(0, url.indexOf(';') + 1));
        try (JpaPersistence reopened = JpaPersistence.open(upgraded)) {
            assertThat(reopened.resourceCatalog().findAccount(new AccountNumber("1111-2222-3333"))).isPresent();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDirectory.resolve("smarter-prompt.password")))).isEqualTo("rw-------");
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(url, "sa", "").close());
        try (var files = Files.list(dataDirectory)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no pending or temporary file is left")
                    .noneMatch(n -> n.endsWith(".pending") || n.endsWith(".tmp"));
        }
    }

    @Test
    void a_database_that_does_not_answer_is_storage_unavailable_within_seconds() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseSettings nowhere = DatabaseSettings.mysql("jdbc:mysql://127.0.0.1:" + closedPort + "/smarter",
                "smarter", "not-the-password");
        long started = System.nanoTime();

        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> JpaPersistence.open(nowhere))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.STORAGE_UNAVAILABLE);
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void settings_never_print_a_password() {
        DatabaseSettings settings = DatabaseSettings.mysql(
                "jdbc:mysql://db.example:3306/smarter?user=app&password=url-s3cret", "app", "s3cret-pw");

        assertThat(settings.toString()).doesNotContain("s3cret").contains("password=****");
        assertThat(DatabaseSettings.mysql("jdbc:mysql://app:inline-s3cret@db.example/smarter", "app", null)
                .toString()).doesNotContain("inline-s3cret");
    }

    @Test
    void mysql_settings_complete_the_url_with_utf8mb4_and_batching_but_keep_what_the_url_says() {
        String url = DatabaseSettings.mysql("jdbc:mysql://db.example:3306/smarter?connectTimeout=9000", "app", "pw")
                .jdbcUrl();

        assertThat(url).startsWith("jdbc:mysql://db.example:3306/smarter?connectTimeout=9000&")
                .contains("rewriteBatchedStatements=true", "characterEncoding=UTF-8",
                        "connectionCollation=utf8mb4_bin")
                .doesNotContain("connectTimeout=3000");
        assertThat(DatabaseSettings.of("jdbc:mariadb://db.example/smarter", "app", "pw").jdbcUrl())
                .startsWith("jdbc:mysql://db.example/smarter?");
    }

    @Test
    void an_unsupported_url_or_pool_size_is_rejected_with_a_clear_error() {
        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> DatabaseSettings.of("jdbc:postgresql://db/smarter", "app", "pw"))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .withMessageContaining("jdbc:h2:").withMessageContaining("jdbc:mysql:");
        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(() -> DatabaseSettings.inMemoryH2("ok").withPoolSize(0))
                .withMessageContaining("at least 1");
    }
}
