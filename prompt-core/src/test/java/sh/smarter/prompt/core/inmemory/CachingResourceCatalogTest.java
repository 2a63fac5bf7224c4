package sh.smarter.prompt.core.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.ResourceCatalog;

class CachingResourceCatalogTest {
    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");

    /** Writes straight to the stored catalog stand for another process (a `prompt apply` beside the server). */
    private final InMemoryResourceCatalog stored = new InMemoryResourceCatalog();
    /** How often the cache called each method of the stored catalog. */
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final CachingResourceCatalog cached = new CachingResourceCatalog(counting(stored), Duration.ofSeconds(1),
            nanos::get);
    private Account account;
    private Chatbot chatbot;

    @BeforeEach
    void setUp() {
        account = cached.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example", NOW));
        chatbot = cached.saveChatbot(Chatbot.builder("example").accountId(account.id()).version("1.0.0").build());
    }

    @Test
    void a_change_made_elsewhere_is_seen_once_the_check_interval_has_passed() {
        assertThat(cached.findChatbotsNamed("example")).singleElement().extracting(Chatbot::version)
                .isEqualTo("1.0.0");

        stored.saveChatbot(chatbot.toBuilder().version("2.0.0").build());
        advance(Duration.ofMillis(999));
        assertThat(cached.findChatbotsNamed("example")).singleElement().extracting(Chatbot::version)
                .isEqualTo("1.0.0");

        advance(Duration.ofMillis(1));
        assertThat(cached.findChatbotsNamed("example")).singleElement().extracting(Chatbot::version)
                .isEqualTo("2.0.0");
    }

    @Test
    void an_unchanged_catalog_is_asked_its_version_once_per_interval_and_not_read_again() {
        cached.findChatbotsNamed("example");
        calls.clear();

        for (int second = 0; second < 3; second++) {
            advance(Duration.ofMillis(1_000));
            for (int lookup = 0; lookup < 5; lookup++) {
                assertThat(cached.findChatbotsNamed("example")).singleElement().extracting(Chatbot::version)
                        .isEqualTo("1.0.0");
            }
        }

        assertThat(calls).containsExactly(Map.entry("version", 3));
    }

    @Test
    void a_lookup_is_read_again_after_five_minutes_though_the_version_did_not_move() {
        cached.findChatbotsNamed("example");
        calls.clear();

        advance(CachingResourceCatalog.LONGEST_KEPT.minusNanos(1));
        cached.findChatbotsNamed("example");
        assertThat(calls).doesNotContainKey("findChatbotsNamed");

        advance(Duration.ofNanos(1));
        cached.findChatbotsNamed("example");
        assertThat(calls).containsEntry("findChatbotsNamed", 1);
    }

    @Test
    void a_change_made_through_the_cache_is_seen_by_the_next_lookup() {
        assertThat(cached.findChatbot(account.id(), "example")).map(Chatbot::version).contains("1.0.0");
        assertThat(cached.findPlugin(account.id(), "weather")).isEmpty();

        cached.saveChatbot(chatbot.toBuilder().version("2.0.0").build());
        cached.savePlugin(new Plugin(0, account.id(), "weather", null, null, null, null, null,
                new PluginData.StaticData((JsonObject) Json.parse("{\"city\": \"Zurich\"}")), NOW, null));

        assertThat(cached.findChatbot(account.id(), "example")).map(Chatbot::version).contains("2.0.0");
        assertThat(cached.findPlugin(account.id(), "weather")).isPresent();
        cached.deleteChatbot(chatbot.id());
        assertThat(cached.findChatbotsNamed("example")).isEmpty();
    }

    @Test
    void a_key_revoked_elsewhere_stops_working_at_once() {
        ApiKey key = cached.saveApiKey(new ApiKey(0, account.id(), "ci", "a".repeat(64), null, NOW, null));
        assertThat(cached.findApiKeyByHash(key.hash())).hasValueSatisfying(k -> assertThat(k.isActive()).isTrue());

        stored.revokeApiKey(key.id(), NOW);

        assertThat(cached.findApiKeyByHash(key.hash())).map(ApiKey::revokedAt).contains(NOW);
    }

    @Test
    void a_time_to_live_of_zero_is_refused() {
        assertThatThrownBy(() -> new CachingResourceCatalog(stored, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The catalog, counting the calls made to it by method name. */
    private ResourceCatalog counting(ResourceCatalog catalog) {
        return (ResourceCatalog) Proxy.newProxyInstance(ResourceCatalog.class.getClassLoader(),
                new Class<?>[] {ResourceCatalog.class}, (proxy, method, arguments) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(catalog, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void advance(Duration duration) {
        nanos.addAndGet(TimeUnit.NANOSECONDS.convert(duration));
    }
}
