package sh.smarter.prompt.core.resourceadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static sh.smarter.prompt.core.manifest.Manifests.json;
import static sh.smarter.prompt.core.manifest.Manifests.with;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.Manifests;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase.ApplyResult;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase.Outcome;
import sh.smarter.prompt.core.testing.TestClock;

class ResourceServiceTest {
    private static final Instant START = Instant.parse("2026-11-26T07:00:00Z");

    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final TestClock clock = new TestClock(START);
    private final ResourceService service = new ResourceService(catalog, clock);

    private ApplyResult apply(String manifest) {
        return service.apply(json(manifest), Principal.OPERATOR);
    }

    private Chatbot storedChatbot() {
        long accountId = catalog.findAccount(new AccountNumber(Manifests.ACCOUNT_NUMBER)).orElseThrow().id();
        return catalog.findChatbot(accountId, "example").orElseThrow();
    }

    @Test
    void applying_the_same_manifest_twice_creates_once_then_changes_nothing() {
        apply(Manifests.STATIC_PLUGIN);

        assertThat(apply(Manifests.CHATBOT)).isEqualTo(new ApplyResult(ResourceKind.CHATBOT, "example",
                Outcome.CREATED));
        Chatbot created = storedChatbot();
        clock.advance(Duration.ofMinutes(1));

        assertThat(apply(Manifests.CHATBOT).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(storedChatbot()).isEqualTo(created);
        assertThat(created.defaultMaxTokens()).isEqualTo(256);
        assertThat(created.plugins()).containsExactly("course_catalogue");
    }

    @Test
    void applying_a_changed_manifest_updates_the_stored_chatbot_in_place() {
        apply(Manifests.STATIC_PLUGIN);
        apply(Manifests.CHATBOT);
        Chatbot before = storedChatbot();
        clock.advance(Duration.ofMinutes(5));

        // 0.0 is a real temperature, not "unset".
        JsonObject colder = with(json(Manifests.CHATBOT), "spec.config.defaultTemperature", Json.of(0.0));
        assertThat(service.apply(colder, Principal.OPERATOR).outcome()).isEqualTo(Outcome.UPDATED);

        Chatbot after = storedChatbot();
        assertThat(after.defaultTemperature()).isEqualTo(0.0);
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
        assertThat(after.toBuilder().defaultTemperature(0.5).updatedAt(before.updatedAt()).build()).isEqualTo(before);
    }

    static Stream<Arguments> everyKind() {
        return Stream.of(
                arguments(ResourceKind.ACCOUNT, Manifests.ACCOUNT, List.of(), Map.of()),
                arguments(ResourceKind.CHATBOT, Manifests.CHATBOT, List.of(Manifests.STATIC_PLUGIN), Map.of()),
                arguments(ResourceKind.PLUGIN, Manifests.STATIC_PLUGIN, List.of(), Map.of()),
                arguments(ResourceKind.SQL_PLUGIN, Manifests.SQL_PLUGIN, List.of(Manifests.SQL_CONNECTION), Map.of()),
                arguments(ResourceKind.API_PLUGIN, Manifests.API_PLUGIN, List.of(Manifests.API_CONNECTION), Map.of()),
                arguments(ResourceKind.SQL_CONNECTION, Manifests.SQL_CONNECTION, List.of(),
                        Map.of("spec.connection.password", "s3cret-passw0rd")),
                arguments(ResourceKind.API_CONNECTION, Manifests.API_CONNECTION, List.of(),
                        Map.of("spec.connection.apiKey", "sk-course-api-key-1234")),
                arguments(ResourceKind.PROVIDER, Manifests.PROVIDER, List.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void a_described_manifest_applies_unchanged(ResourceKind kind, String manifest, List<String> prerequisites,
                                            Map<String, String> secrets) {
        prerequisites.forEach(this::apply);
        ApplyResult created = apply(manifest);
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);

        JsonObject described = service.describe(kind, created.name(), Principal.OPERATOR);

        JsonObject status = described.object("status").orElseThrow();
        assertThat(status.string("accountNumber")).isPresent();
        assertThat(Instant.parse(status.string("created").orElseThrow())).isAfterOrEqualTo(START);
        assertThat(Instant.parse(status.string("modified").orElseThrow())).isAfterOrEqualTo(START);
        JsonObject resupplied = described;
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            String clear = secret.getValue();
            assertThat(described.toJson()).doesNotContain(clear).contains("****" + clear.substring(clear.length() - 4));
            resupplied = with(resupplied, secret.getKey(), Json.of(clear));
        }
        assertThat(service.apply(resupplied, Principal.OPERATOR).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(service.apply(resupplied.without("status"), Principal.OPERATOR).outcome())
                .isEqualTo(Outcome.UNCHANGED);
    }

    @ParameterizedTest
    @EnumSource(ResourceKind.class)
    void every_example_manifest_applies_once_its_prerequisites_are(ResourceKind kind) {
        Map<ResourceKind, ResourceKind> prerequisites = Map.of(
                ResourceKind.CHATBOT, ResourceKind.PLUGIN,
                ResourceKind.SQL_PLUGIN, ResourceKind.SQL_CONNECTION,
                ResourceKind.API_PLUGIN, ResourceKind.API_CONNECTION);
        if (prerequisites.containsKey(kind)) {
            service.apply(service.exampleManifest(prerequisites.get(kind)), Principal.OPERATOR);
        }
        JsonObject example = service.exampleManifest(kind);

        assertThat(example.string("kind")).contains(kind.manifestName());
        assertThat(service.apply(example, Principal.OPERATOR).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(service.apply(example, Principal.OPERATOR).outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void get_lists_the_kind_sorted_by_name_and_plugin_lists_every_plugin_class() {
        apply(Manifests.SQL_CONNECTION);
        apply(Manifests.API_CONNECTION);
        apply(Manifests.SQL_PLUGIN);
        apply(Manifests.STATIC_PLUGIN);
        apply(Manifests.API_PLUGIN);

        assertThat(namesOf(service.get(ResourceKind.PLUGIN, Principal.OPERATOR)))
                .containsExactly("course_catalogue", "course_lookup", "course_search");
        assertThat(namesOf(service.get(ResourceKind.SQL_PLUGIN, Principal.OPERATOR))).containsExactly("course_search");
        assertThat(service.get(ResourceKind.PLUGIN, Principal.OPERATOR))
                .allSatisfy(manifest -> assertThat(manifest.has("status")).isTrue())
                .extracting(manifest -> manifest.string("kind").orElseThrow())
                .containsExactly("Plugin", "ApiPlugin", "SqlPlugin");
    }

    @Test
    void a_plugin_manifest_of_another_class_replaces_the_plugin_of_that_name() {
        apply(Manifests.SQL_CONNECTION);
        apply(Manifests.STATIC_PLUGIN);
        JsonObject sqlPlugin = with(json(Manifests.SQL_PLUGIN), "metadata.name", Json.of("course_catalogue"));

        assertThat(service.apply(sqlPlugin, Principal.OPERATOR).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(namesOf(service.get(ResourceKind.SQL_PLUGIN, Principal.OPERATOR)))
                .containsExactly("course_catalogue");
    }

    @Test
    void describe_of_an_unknown_resource_is_not_found() {
        apply(Manifests.STATIC_PLUGIN);

        Manifests.assertFails(() -> service.describe(ResourceKind.SQL_PLUGIN, "course_catalogue",
                Principal.OPERATOR), ErrorKind.NOT_FOUND, "SqlPlugin course_catalogue not found");
    }

    static List<String> namesOf(List<JsonObject> manifests) {
        return manifests.stream()
                .map(manifest -> manifest.object("metadata").orElseThrow().string("name").orElseThrow())
                .toList();
    }
}
