package sh.smarter.prompt.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.session.DailyTokenUse;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.limit.RateLimitSettings;
import sh.smarter.prompt.persistence.database.DatabaseSettings;

/**
 * Daily token budgets over real HTTP, on the JPA store, with the fake provider: a chatbot's budget and an account's
 * budget each stop turns once used up (the user's message and a {@code smarter_error} are stored, the provider is
 * not called), and the next UTC day, reached by moving the server's clock, restores them. Budgets count from the
 * stored totals, so the scenarios run on each database ({@link DailyTokenBudgetTest} on H2,
 * {@link DailyTokenBudgetMariaDbTest} on MariaDB).
 */
abstract class DailyTokenBudgetScenarios {
    private static final Instant LATE_EVENING = Instant.parse("2026-12-06T22:00:00Z");
    private static final Instant NEXT_MIDNIGHT = Instant.parse("2026-12-07T00:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-12-06");
    /** Far more prompts than any budget here allows; bounds the loops. */
    private static final int MAX_PROMPTS = 30;

    private LimitsServer server;

    /** A new, empty database for one test's server. */
    abstract DatabaseSettings database();

    /** Removes what {@link #database()} made, once the server is closed. */
    void dropDatabase() {
    }

    @BeforeEach
    void start() {
        server = new LimitsServer(LATE_EVENING, RateLimitSettings.OFF, database());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        dropDatabase();
    }

    @Test
    void a_chatbot_budget_stops_its_turns_without_calling_the_provider_until_the_next_utc_day() {
        String session = server.newSession("capped");
        Refusal refusal = promptUntilRefused("capped", session, "capped question");

        assertThat(refusal.answered()).as("prompts answered before the budget ran out").isPositive();
        assertThat(server.providerCallsFor(refusal.input())).as("provider calls for the refused prompt").isZero();
        assertThat(refusal.error()).contains("daily token budget of chatbot capped is used up")
                .contains(LimitsServer.CHATBOT_BUDGET + " tokens on " + TODAY);
        assertThat(usedToday("capped").chatbotTokens()).isGreaterThanOrEqualTo(LimitsServer.CHATBOT_BUDGET);
        assertThat(lastTwoStored("capped", session)).extracting(Message::role, Message::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.USER, refusal.input()),
                org.assertj.core.groups.Tuple.tuple(Role.SMARTER_ERROR, refusal.error()));

        // A new session of the same chatbot is refused too; the native API says so with 429 and Retry-After.
        HttpResponse<String> nativeRefusal = server.nativePrompt("capped", "native question", null);
        assertThat(nativeRefusal.statusCode()).isEqualTo(429);
        assertThat(nativeRefusal.headers().firstValue("Retry-After")).contains("7200");
        assertThat(LimitsServer.json(nativeRefusal.body()).at("/error/errorClass").asText())
                .isEqualTo("SmarterTokenBudgetExceeded");
        assertThat(server.providerCallsFor("native question")).isZero();
        // Another chatbot of the same account has no budget and is not affected.
        assertThat(assistantAnswer(server.widgetPrompt("open", null, "open question"))).isPresent();

        server.clock.set(NEXT_MIDNIGHT);
        HttpResponse<String> nextDay = server.widgetPrompt("capped", session, "a new day");

        assertThat(assistantAnswer(nextDay)).isPresent();
        assertThat(server.providerCallsFor("a new day")).isEqualTo(1);
    }

    @Test
    void an_account_budget_stops_every_chatbot_of_that_account_until_the_next_utc_day() {
        String session = server.newSession("bravo");
        Refusal refusal = promptUntilRefused("bravo", session, "bravo question");

        assertThat(refusal.answered()).isPositive();
        assertThat(server.providerCallsFor(refusal.input())).isZero();
        assertThat(refusal.error()).contains("daily token budget of this chatbot's account is used up")
                .contains(LimitsServer.ACCOUNT_BUDGET + " tokens on " + TODAY);
        assertThat(usedToday("bravo").accountTokens()).isGreaterThanOrEqualTo(LimitsServer.ACCOUNT_BUDGET);

        // The account's other chatbot never spent a token today, and is refused all the same.
        HttpResponse<String> brother = server.widgetPrompt("brother", null, "brother question");
        assertThat(brother.statusCode()).isEqualTo(200);
        assertThat(errorOf(brother)).contains("daily token budget of this chatbot's account is used up");
        assertThat(server.providerCallsFor("brother question")).isZero();
        // Account A's chatbots are not affected by account B's budget.
        assertThat(assistantAnswer(server.widgetPrompt("open", null, "other account"))).isPresent();

        server.clock.set(NEXT_MIDNIGHT);

        assertThat(assistantAnswer(server.widgetPrompt("brother", null, "brother next day"))).isPresent();
        assertThat(assistantAnswer(server.widgetPrompt("bravo", session, "bravo next day"))).isPresent();
        assertThat(server.providerCallsFor("brother next day")).isEqualTo(1);
        assertThat(server.providerCallsFor("bravo next day")).isEqualTo(1);
    }

    private record Refusal(int answered, String input, String error) {
    }

    /** Prompts one session until a turn answers with a smarter_error instead of an assistant message. */
    private Refusal promptUntilRefused(String chatbot, String session, String prefix) {
        for (int i = 0; i < MAX_PROMPTS; i++) {
            String input = prefix + " " + i;
            HttpResponse<String> response = server.widgetPrompt(chatbot, session, input);
            assertThat(response.statusCode()).as("status of %s: %s", input, response.body()).isEqualTo(200);
            String error = errorOf(response);
            if (error != null) {
                assertThat(assistantAnswer(response)).as("an answer next to the refusal").isEmpty();
                return new Refusal(i, input, error);
            }
            assertThat(server.providerCallsFor(input)).as("provider calls for %s", input).isEqualTo(1);
        }
        throw new AssertionError(MAX_PROMPTS + " prompts of " + chatbot + " were all answered");
    }

    /** The smarter_error the React component would show inline, if the turn has one. */
    private static String errorOf(HttpResponse<String> response) {
        for (JsonNode message : LimitsServer.widgetBody(response).at("/smarter/messages")) {
            if (message.path("role").asText().equals("smarter_error")) {
                return message.path("content").asText();
            }
        }
        return null;
    }

    private static java.util.Optional<String> assistantAnswer(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> answers = new ArrayList<>();
        for (JsonNode message : LimitsServer.widgetBody(response).at("/smarter/messages")) {
            if (message.path("role").asText().equals("assistant")) {
                answers.add(message.path("content").asText());
            }
        }
        return answers.stream().findFirst();
    }

    private DailyTokenUse usedToday(String chatbotName) {
        Chatbot chatbot = chatbot(chatbotName);
        return server.engine.sessionStore().tokensUsedOn(TODAY, chatbot.id(), chatbot.accountId());
    }

    private List<Message> lastTwoStored(String chatbotName, String sessionKey) {
        Session session = server.engine.sessionStore().find(chatbot(chatbotName).id(), new SessionKey(sessionKey))
                .orElseThrow();
        List<Message> all = server.engine.sessionStore().messagesAfter(session.id(), 0, 1000);
        return all.subList(all.size() - 2, all.size());
    }

    private Chatbot chatbot(String name) {
        return server.engine.resourceCatalog().findChatbotsNamed(name).get(0);
    }
}
