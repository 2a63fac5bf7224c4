package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.error;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.keys;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/** {@code smarter whoami|version|status}. */
class CliSystemTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final CliClient cli = new CliClient(api);

    @Test
    void whoami_names_the_key_and_its_account() {
        JsonNode data = ok(cli.post("whoami/", api.keyOfA), "whoami", "User").get("data");
        assertThat(keys(data)).containsExactly("user", "account", "environment");
        assertThat(data.get("user").get("username").asText()).isEqualTo("laptop");
        assertThat(data.get("user").get("api_key").asText()).startsWith("****").doesNotContain(api.keyOfA);
        assertThat(data.get("account")).isEqualTo(PromptApiServer.json(
                "{\"account_number\": \"3141-5926-5359\", \"name\": \"Account A\"}"));
        assertThat(ok(cli.post("whoami/", api.keyOfB), "whoami", "User").get("data").get("account")
                .get("account_number").asText()).isEqualTo("2718-2818-2845");
    }

    @Test
    void version_and_status() {
        JsonNode version = ok(cli.post("version/", api.keyOfA), "version", "Version").get("data");
        assertThat(version.get("api").get("version").asText()).isNotBlank();
        assertThat(version.get("api").get("java").asText()).isEqualTo(System.getProperty("java.version"));
        JsonNode status = ok(cli.post("status/", api.keyOfA), "status", "Status").get("data");
        assertThat(status.get("infrastructures").get("database").get("reachable").asBoolean()).isTrue();
        assertThat(keys(status.get("compute"))).contains("os", "arch", "java", "processors");
        assertThat(status.get("compute").get("processors").asInt()).isPositive();
    }

    @Test
    void every_endpoint_needs_a_key_and_only_reading_ones_accept_get() {
        for (String path : List.of("whoami/", "version/", "status/")) {
            error(cli.post(path, null), 401);
            assertThat(api.get("api/v1/cli/" + path, api.keyOfA).statusCode()).as(path).isEqualTo(200);
            // Without its trailing slash too.
            assertThat(cli.post(path.substring(0, path.length() - 1), api.keyOfA).statusCode()).isEqualTo(200);
        }
        for (String path : List.of("chat/example/?uid=x", "apply/", "delete/chatbot/?name=example")) {
            assertThat(api.get("api/v1/cli/" + path, api.keyOfA).statusCode()).as(path).isEqualTo(405);
        }
        assertThat(api.catalog.findChatbot(api.accountA.id(), "example")).isPresent();
    }
}
