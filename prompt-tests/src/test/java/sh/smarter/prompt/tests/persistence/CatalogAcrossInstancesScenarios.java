package sh.smarter.prompt.tests.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ResourceCatalog;

/**
 * Two instances on one database — a server and a {@code prompt apply} beside it: what one saves moves the catalog
 * version the other reads (V13), and the server's resource cache sees the change once its check interval passed.
 */
abstract class CatalogAcrossInstancesScenarios extends TwoInstancesOnOneDatabase {
    private static final Duration CHECK_EVERY = Duration.ofMillis(200);

    @Test
    void a_chatbot_saved_by_another_instance_is_seen_by_the_servers_cache_once_the_interval_passed()
            throws InterruptedException {
        ResourceCatalog apply = other.resourceCatalog();
        ResourceCatalog server = database.persistence().resourceCatalog();
        CachingResourceCatalog cache = new CachingResourceCatalog(server, CHECK_EVERY);
        Account account = apply.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example",
                Instant.parse("2031-03-04T05:06:07Z")));
        Chatbot chatbot = apply.saveChatbot(Chatbot.builder("example").accountId(account.id()).version("1.0.0")
                .build());
        assertThat(cache.findChatbot(account.id(), "example")).map(Chatbot::version).contains("1.0.0");
        long before = server.version();

        apply.saveChatbot(chatbot.toBuilder().version("2.0.0").build());

        assertThat(server.version()).isNotEqualTo(before);
        Thread.sleep(CHECK_EVERY.toMillis() + 50);
        assertThat(cache.findChatbot(account.id(), "example")).map(Chatbot::version).contains("2.0.0");
    }
}
