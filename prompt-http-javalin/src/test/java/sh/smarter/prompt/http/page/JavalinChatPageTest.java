package sh.smarter.prompt.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.http.PromptHttpApi;
import sh.smarter.prompt.http.server.HttpSettings;
import sh.smarter.prompt.http.server.PromptHttpServer;

class JavalinChatPageTest {
    private final PromptHttpServer server = PromptHttpApi.start(engine(), HttpSettings.onPort(0));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void serves_the_page_that_mounts_the_component() throws Exception {
        HttpResponse<String> page = get("chat/demo/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).contains("<title>&lt;Demo&gt; &amp; Co</title>");
        if (new ChatAssets(getClass().getClassLoader()).available()) {
            assertThat(page.body()).contains("<div id=\"smarter-sh-v1-ui-chat-root\"",
                    "smarter-chatbot-api-url=\"/api/v1/chatbots/demo/\"", "smarter-toggle-metadata=\"true\"",
                    "style=\"height: 100vh;\"", "/chat/assets/ui-chat.css?v=");
            assertCachedAsset(page.body(), "ui-chat.js", "text/javascript");
            assertCachedAsset(page.body(), "ui-chat.css", "text/css");
        } else {
            assertThat(page.body()).contains("-Dskip.web=true");
        }
    }

    @Test
    void answers_unknown_chatbots_with_a_not_found_page_and_redirects_to_the_slashed_url() throws Exception {
        HttpResponse<String> missing = get("chat/nobody/");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<title>Chatbot not found</title>", "<code>nobody</code>");
        assertThat(get("chat/Not%20Valid/").statusCode()).isEqualTo(404);

        HttpResponse<String> unslashed = get("chat/demo");
        assertThat(unslashed.statusCode()).isEqualTo(301);
        assertThat(unslashed.headers().firstValue("Location")).contains("/chat/demo/");
        assertThat(get("chat/assets/secret.txt").statusCode()).isEqualTo(404);
    }

    private void assertCachedAsset(String page, String name, String type) throws Exception {
        Matcher versioned = Pattern.compile("/chat/assets/" + Pattern.quote(name) + "\\?v=([0-9a-f]{16})")
                .matcher(page);
        assertThat(versioned.find()).as(name + " linked with a version").isTrue();
        HttpResponse<String> asset = get(versioned.group().substring(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(type));
        assertThat(asset.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        String etag = asset.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(server.localUrl()
                + "chat/assets/" + name)).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        HttpResponse<Void> gzipped = http.send(HttpRequest.newBuilder(URI.create(server.localUrl()
                + versioned.group().substring(1))).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).as(name + " compressed").contains("gzip");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.localUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PromptEngine engine() {
        InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("1111-2222-3333"), "A",
                Instant.EPOCH));
        catalog.saveChatbot(Chatbot.builder("demo").accountId(account.id()).appName("<Demo> & Co").build());
        return PromptEngine.builder().sessionStore(new InMemorySessionStore()).resourceCatalog(catalog)
                .chatCompletionProvider((provider, request) -> {
                    throw new UnsupportedOperationException("the page test prompts nothing");
                })
                .build();
    }
}
