package sh.smarter.prompt.cli.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

class SettingsResolverTest {
    @TempDir
    Path home;

    private ResolvedSettings resolve(Map<Setting, String> flags, Map<String, String> environment, ConfigFile file) {
        return SettingsResolver.resolve(flags, environment, file, CliPaths.of(environment, home));
    }

    private ConfigFile configFile(String yaml) throws IOException {
        Path file = home.resolve("config.yaml");
        Files.writeString(file, yaml);
        return ConfigFile.read(file, true);
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_config_file_which_beats_the_default() throws IOException {
        ConfigFile file = configFile("server: {port: 7003, host: 0.0.0.0}\ndatabase: {url: jdbc:h2:mem:file}\n");
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.PORT, "7001");
        Map<String, String> environment = Map.of("SMARTER_PROMPT_PORT", "7002", "SMARTER_PROMPT_HOST", "10.0.0.1");

        ResolvedSettings settings = resolve(flags, environment, file);

        assertThat(settings.port()).isEqualTo(7001);
        assertThat(settings.source(Setting.PORT)).isEqualTo(SettingSource.FLAG);
        assertThat(settings.host()).isEqualTo("10.0.0.1");
        assertThat(settings.source(Setting.HOST)).isEqualTo(SettingSource.ENVIRONMENT);
        assertThat(settings.databaseUrl()).contains("jdbc:h2:mem:file");
        assertThat(settings.source(Setting.DB_URL)).isEqualTo(SettingSource.CONFIG_FILE);
        assertThat(settings.publicUrl()).isEmpty();
        assertThat(settings.source(Setting.PUBLIC_URL)).isEqualTo(SettingSource.DEFAULT);
    }

    @Test
    void each_level_wins_when_the_ones_above_it_are_absent() throws IOException {
        ConfigFile file = configFile("server:\n  port: 7003\n");
        assertThat(resolve(Map.of(), Map.of("SMARTER_PROMPT_PORT", "7002"), file).port()).isEqualTo(7002);
        assertThat(resolve(Map.of(), Map.of(), file).port()).isEqualTo(7003);
        assertThat(resolve(Map.of(), Map.of(), ConfigFile.none()).port()).isEqualTo(8080);
    }

    @Test
    void a_blank_environment_variable_counts_as_unset() {
        ResolvedSettings settings = resolve(Map.of(), Map.of("SMARTER_PROMPT_PORT", "  "), ConfigFile.none());
        assertThat(settings.port()).isEqualTo(SettingsResolver.DEFAULT_PORT);
    }

    @Test
    void the_data_directory_follows_xdg_unless_set() {
        Map<String, String> xdg = Map.of("XDG_DATA_HOME", home.resolve("xdg-data").toString());
        assertThat(resolve(Map.of(), Map.of(), ConfigFile.none()).dataDir())
                .isEqualTo(home.resolve(".local/share/smarter-prompt"));
        assertThat(resolve(Map.of(), xdg, ConfigFile.none()).dataDir())
                .isEqualTo(home.resolve("xdg-data/smarter-prompt"));
        assertThat(resolve(Map.of(), Map.of("XDG_DATA_HOME", "relative/dir"), ConfigFile.none()).dataDir())
                .as("relative XDG paths are ignored, as the XDG rules say")
                .isEqualTo(home.resolve(".local/share/smarter-prompt"));
        Map<String, String> explicit = Map.of("SMARTER_PROMPT_DATA_DIR", home.resolve("mine").toString());
        assertThat(resolve(Map.of(), explicit, ConfigFile.none()).dataDir()).isEqualTo(home.resolve("mine"));
    }

    @Test
    void cors_origins_are_a_list_in_every_spelling() throws IOException {
        assertThat(resolve(Map.of(Setting.CORS_ORIGINS, "https://a.example,https://b.example"), Map.of(),
                ConfigFile.none()).corsOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(resolve(Map.of(), Map.of("SMARTER_PROMPT_CORS_ORIGINS", "https://a.example, https://c.example"),
                ConfigFile.none()).corsOrigins()).containsExactly("https://a.example", "https://c.example");
        assertThat(resolve(Map.of(), Map.of(), configFile("server:\n  corsOrigins: [https://d.example]\n"))
                .corsOrigins()).containsExactly("https://d.example");
    }

    @Test
    void a_bad_value_is_a_usage_error_naming_where_it_came_from() throws IOException {
        ResolvedSettings fromEnvironment = resolve(Map.of(), Map.of("SMARTER_PROMPT_PORT", "eighty"),
                ConfigFile.none());
        assertThatThrownBy(fromEnvironment::port).isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("SMARTER_PROMPT_PORT must be a port number")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE));
        ResolvedSettings fromFile = resolve(Map.of(), Map.of(), configFile("server:\n  port: 99999\n"));
        assertThatThrownBy(fromFile::port).hasMessageContaining("config.yaml server.port must be a port number");
        ResolvedSettings fromFlag = resolve(Map.of(Setting.PUBLIC_URL, "chat.example.com"), Map.of(),
                ConfigFile.none());
        assertThatThrownBy(fromFlag::publicUrl).hasMessage("--public-url must be an http:// or https:// URL, got "
                + "chat.example.com");
    }

    @Test
    void an_unknown_key_in_the_config_file_is_an_error_naming_it() {
        assertThatThrownBy(() -> configFile("server:\n  prot: 8080\n")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("unknown setting server.prot");
    }

    @Test
    void a_config_file_named_explicitly_must_exist_but_the_default_one_may_not() {
        assertThatThrownBy(() -> ConfigFile.read(home.resolve("missing.yaml"), true))
                .hasMessageContaining("does not exist");
        assertThat(ConfigFile.read(home.resolve("missing.yaml"), false).path()).isNull();
    }

    @Test
    void secrets_are_masked_when_settings_are_displayed() {
        ResolvedSettings settings = resolve(Map.of(Setting.DB_PASSWORD, "hunter2-long-password"),
                Map.of("OPENAI_API_KEY", "sk-test-1234567890abcd"), ConfigFile.none());
        assertThat(String.join("\n", settings.display()))
                .contains("database.password = ****word (flag)", "providers.openai.apiKey = ****abcd (environment)")
                .doesNotContain("hunter2", "sk-test");
    }

    @Test
    void provider_keys_from_flags_or_the_config_file_reach_the_adapters_under_the_variable_name() throws IOException {
        ResolvedSettings settings = resolve(Map.of(), Map.of("MY_OTHER_KEY", "other"),
                configFile("providers:\n  openai:\n    apiKey: from-config-file\n"
                        + "    baseUrl: http://localhost:9/v1/\n"));
        var environment = ProviderPresetSettings.environment(settings, Map.of("MY_OTHER_KEY", "other"));
        assertThat(environment.apply("OPENAI_API_KEY")).isEqualTo("from-config-file");
        assertThat(environment.apply("MY_OTHER_KEY")).isEqualTo("other");
        assertThat(environment.apply("GEMINI_API_KEY")).isNull();
        assertThat(ProviderPresetSettings.baseUrlOverrides(settings)).containsExactly(
                Map.entry("openai", "http://localhost:9/v1/"));
    }

    @Test
    void the_pool_wait_and_the_statement_timeout_reach_the_database_settings() throws IOException {
        ConfigFile file = configFile("database:\n  url: jdbc:mysql://db.example:3306/prompt\n  poolWait: 1.5s\n");
        ResolvedSettings settings = resolve(Map.of(Setting.DB_STATEMENT_TIMEOUT, "12s"), Map.of(), file);

        DatabaseSettings database = LocalInstallation.database(settings);

        assertThat(database.connectionTimeout()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(database.statementTimeout()).contains(Duration.ofSeconds(12));
        assertThat(database.jdbcUrl()).contains("socketTimeout=12000").doesNotContain("socketTimeout=30000");
        DatabaseSettings defaults = LocalInstallation.database(resolve(Map.of(), Map.of(),
                configFile("database: {url: jdbc:mysql://db.example:3306/prompt}\n")));
        assertThat(defaults.connectionTimeout()).isEqualTo(DatabaseSettings.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(defaults.statementTimeout()).contains(DatabaseSettings.DEFAULT_STATEMENT_TIMEOUT);
    }

    @Test
    void a_duration_setting_that_is_not_a_duration_is_a_usage_error_naming_it() {
        ResolvedSettings settings = resolve(Map.of(), Map.of("SMARTER_PROMPT_DB_POOL_WAIT", "soon"),
                ConfigFile.none());
        assertThatThrownBy(settings::databasePoolWait).isInstanceOf(CliFailure.class)
                .hasMessageContaining("SMARTER_PROMPT_DB_POOL_WAIT")
                .hasMessageContaining("500ms, 2.5s or 1m")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
