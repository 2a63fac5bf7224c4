package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.session.IdempotencyClaim;
import sh.smarter.prompt.core.session.IdempotencyKey;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionMaintenance;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.SessionStore;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.core.session.TurnStore;
import sh.smarter.prompt.core.session.TurnIdempotency;

/**
 * What every {@link SessionMaintenance} promises an operator: deleting a session with everything it holds, and
 * pruning inactive sessions in bounded transactions without touching active ones.
 *
 * <p>An adapter's test extends this class (see {@link SessionContractFixture}); every test then runs against it.
 */
public abstract class SessionMaintenanceContract extends SessionContractFixture {
    @Test
    void delete_removes_the_session_with_its_messages_and_turn_records_and_nothing_else() {
        Session doomed = newSession(chatbotA);
        Session kept = newSession(chatbotA);
        appendTurnWithRecords(doomed);
        appendTurnWithRecords(kept);

        assertThat(sessionMaintenance.delete(doomed.id())).isTrue();

        long id = doomed.id();
        assertThat(sessionHistory.findById(id)).isEmpty();
        assertThat(sessionHistory.find(chatbotA, doomed.key())).isEmpty();
        assertThat(sessionHistory.countMessages(id)).isZero();
        assertThat(sessionHistory.messagesAfter(id, 0, 100)).isEmpty();
        assertThat(sessionHistory.recentMessages(id, EnumSet.allOf(Role.class), 100)).isEmpty();
        assertThat(sessionHistory.firstSystemMessage(id)).isEmpty();
        assertThat(sessionHistory.recentProviderExchanges(id, 100)).isEmpty();
        assertThat(sessionHistory.recentToolExecutions(id, 100)).isEmpty();
        assertThat(sessionHistory.recentPluginSelections(id, 100)).isEmpty();
        assertThat(sessionHistory.list(SessionQuery.firstPage(chatbotA, 10)).sessions()).extracting(Session::id)
                .containsExactly(kept.id());
        assertThat(sessionHistory.countMessages(kept.id())).isEqualTo(3);
        assertThat(sessionHistory.recentProviderExchanges(kept.id(), 100)).hasSize(1);
    }

    @Test
    void deleting_an_unknown_session_returns_false() {
        Session session = newSession(chatbotA);
        sessionMaintenance.delete(session.id());

        assertThat(sessionMaintenance.delete(session.id())).isFalse();
    }

    @Test
    void counting_inactive_sessions_counts_only_those_last_updated_before_the_cutoff() {
        PruneScenario scenario = pruneScenario();

        assertThat(sessionMaintenance.countInactiveSince(scenario.cutoff())).isEqualTo(scenario.inactive().size());
        assertThat(sessionMaintenance.countInactiveSince(scenario.cutoff().minus(Duration.ofDays(365)))).isZero();
    }

    @Test
    void pruning_deletes_only_inactive_sessions_in_batches_reporting_running_totals() {
        PruneScenario scenario = pruneScenario();
        List<Long> reported = Collections.synchronizedList(new ArrayList<>());

        // At most 10 rows per transaction: up to 10 empty sessions together, fewer with messages.
        long deleted = sessionMaintenance.pruneInactiveSince(scenario.cutoff(), 10, reported::add);

        assertThat(deleted).isEqualTo(25);
        assertThat(reported).isSorted().hasSizeGreaterThanOrEqualTo(3).last().isEqualTo(25L);
        for (int i = 0; i < reported.size(); i++) {
            assertThat(reported.get(i) - (i == 0 ? 0 : reported.get(i - 1))).isBetween(0L, 10L);
        }
        assertThat(sessionMaintenance.countInactiveSince(scenario.cutoff())).isZero();
        assertThat(scenario.inactive()).allSatisfy(s -> {
            assertThat(sessionHistory.findById(s.id())).isEmpty();
            assertThat(sessionHistory.countMessages(s.id())).isZero();
        });
        assertThat(scenario.active()).allSatisfy(s -> assertThat(sessionHistory.findById(s.id())).isPresent());
        assertThat(sessionMaintenance.pruneInactiveSince(scenario.cutoff(), 10, SessionStore.PruneProgress.NONE)).isZero();
    }

    @Test
    void a_session_longer_than_the_rows_per_transaction_is_pruned_whole_and_nothing_else() {
        Instant cutoff = START.plus(Duration.ofDays(30));
        clock.set(cutoff.minus(Duration.ofDays(10)));
        Session longOne = newSession(chatbotA);
        for (int turn = 0; turn < 6; turn++) {
            List<NewMessage> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                messages.add(i % 2 == 0 ? NewMessage.user("q" + turn + "." + i) : NewMessage.assistant("a" + i));
            }
            TurnDraft draft = turnOn(longOne).messages(messages);
            draft.records(List.of(exchange(draft.id(), 1, new TokenUsage(3, 2, 5))), List.of(), List.of()).append();
        }
        Session small = turnOn(newSession(chatbotB)).messages(NewMessage.user("old")).append().session();
        clock.set(cutoff.plus(Duration.ofHours(1)));
        Session active = turnOn(newSession(chatbotA)).messages(NewMessage.user("new"), NewMessage.assistant("yes"))
                .append().session();

        long deleted = sessionMaintenance.pruneInactiveSince(cutoff, 7, SessionStore.PruneProgress.NONE);

        assertThat(deleted).isEqualTo(2);
        assertThat(sessionHistory.findById(longOne.id())).isEmpty();
        assertThat(sessionHistory.countMessages(longOne.id())).isZero();
        assertThat(sessionHistory.recentProviderExchanges(longOne.id(), 100)).isEmpty();
        assertThat(sessionHistory.findById(small.id())).isEmpty();
        assertThat(sessionHistory.find(chatbotA, longOne.key())).isEmpty();
        assertThat(sessionHistory.countMessages(active.id())).isEqualTo(2);
        assertThat(sessionHistory.findById(active.id())).isPresent();
    }

    @Test
    void sessions_are_counted_per_chatbot() {
        newSession(chatbotA);
        newSession(chatbotA);
        Session deleted = newSession(chatbotA);
        newSession(chatbotB);
        sessionMaintenance.delete(deleted.id());

        assertThat(sessionMaintenance.countSessionsByChatbot()).isEqualTo(Map.of(chatbotA, 2L, chatbotB, 1L));
    }

    @Test
    void a_key_goes_with_its_session_and_is_forgotten_after_24_hours() {
        Session session = newSession(chatbotA);
        IdempotencyKey withSession = new IdempotencyKey("with-session");
        IdempotencyKey old = new IdempotencyKey("old-key");
        TurnDraft turn = turnOn(session);
        Instant now = clock.instant();
        turnStore.claimIdempotencyKey(chatbotA, withSession, "hash", turn.id(), now, now.plusSeconds(30));
        turnStore.appendTurn(session.id(), turn.build().withIdempotency(new TurnIdempotency(withSession, "{}")));
        turnStore.claimIdempotencyKey(chatbotA, old, "hash", "turn-old", now, now.plusSeconds(30));

        sessionMaintenance.delete(session.id());
        assertThat(turnStore.claimIdempotencyKey(chatbotA, withSession, "other-hash", "turn-2", now, now.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        Instant nextDay = now.plus(TurnStore.IDEMPOTENCY_KEY_LIFETIME).plusSeconds(1);
        assertThat(turnStore.claimIdempotencyKey(chatbotA, old, "other-hash", "turn-3", nextDay, nextDay.plusSeconds(30)))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }
}
