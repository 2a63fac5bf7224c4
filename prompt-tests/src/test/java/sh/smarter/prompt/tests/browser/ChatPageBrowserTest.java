package sh.smarter.prompt.tests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.http.server.PromptHttpServer;
import sh.smarter.prompt.tests.http.chatbot.ChatbotServer;

/**
 * The chat page in a real browser: Debian's chromium, driven by playwright-core from
 * {@code src/test/browser/chat-page.mjs}, against the real composition (JPA on H2, the OpenAI-compatible
 * provider adapter, the scripted fake model over HTTP). It chats, uses the calculator, reloads (the conversation
 * comes back from the server), and starts a new chat.
 */
class ChatPageBrowserTest {
    private static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "browser",
            "restored-conversation.png");

    private ChatbotServer server;

    @BeforeEach
    void start(@TempDir Path database) throws Exception {
        NodeScripts.requireNodeAndChromium();
        assertThat(PromptHttpServer.class.getClassLoader().getResource("chat-assets/ui-chat.js"))
                .as("the chat page assets (was prompt-http-javalin built with -Dskip.web=true?)").isNotNull();
        NodeScripts.installDependencies();
        server = ChatbotServer.onH2(database);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chats_uses_a_tool_restores_the_conversation_and_starts_a_new_chat() throws Exception {
        Files.deleteIfExists(SCREENSHOT);

        NodeScripts.Outcome outcome = NodeScripts.run(List.of("node", "chat-page.mjs", server.baseUrl(), "example",
                SCREENSHOT.toAbsolutePath().toString()), Duration.ofMinutes(3));

        System.out.println(outcome.output());
        assertThat(outcome.exitCode()).as("chat-page.mjs exit code; its output:%n%s", outcome.output()).isZero();
        assertThat(SCREENSHOT).isNotEmptyFile();
    }
}
