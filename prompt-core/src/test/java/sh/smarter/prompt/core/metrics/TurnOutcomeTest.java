package sh.smarter.prompt.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.provider.ProviderException;

class TurnOutcomeTest {
    @Test
    void a_turn_without_failure_was_answered() {
        assertThat(TurnOutcome.of(null).label()).isEqualTo("answered");
    }

    @Test
    void provider_failures_are_told_apart_by_kind() {
        assertThat(TurnOutcome.of(ProviderException.failed("openai", 500, "x"))).isEqualTo(TurnOutcome.PROVIDER_ERROR);
        assertThat(TurnOutcome.of(ProviderException.timeout("openai", "x"))).isEqualTo(TurnOutcome.PROVIDER_TIMEOUT);
        assertThat(TurnOutcome.of(ProviderException.misconfigured("openai", "x")))
                .isEqualTo(TurnOutcome.PROVIDER_MISCONFIGURED);
    }

    @Test
    void the_tool_round_limit_rate_limits_and_budgets_are_recognised_by_their_error_class() {
        assertThat(TurnOutcome.of(new PromptException(ErrorKind.TOOL_ROUND_LIMIT, "SmarterToolRoundLimit", "x")))
                .isEqualTo(TurnOutcome.TOOL_ROUND_LIMIT);
        assertThat(TurnOutcome.of(new PromptException(ErrorKind.CONFLICT, "SmarterRateLimited", "x")))
                .isEqualTo(TurnOutcome.RATE_LIMITED);
        assertThat(TurnOutcome.of(new PromptException(ErrorKind.FORBIDDEN, "SmarterTokenBudgetExceeded", "x")))
                .isEqualTo(TurnOutcome.OVER_BUDGET);
    }

    @Test
    void refusals_and_storage_trouble_have_outcomes_of_their_own() {
        assertThat(TurnOutcome.of(PromptException.notFound("x"))).isEqualTo(TurnOutcome.REFUSED);
        assertThat(TurnOutcome.of(PromptException.unauthenticated("x"))).isEqualTo(TurnOutcome.REFUSED);
        assertThat(TurnOutcome.of(PromptException.storageUnavailable("x", null)))
                .isEqualTo(TurnOutcome.STORAGE_UNAVAILABLE);
        assertThat(TurnOutcome.of(PromptException.conflict("x"))).isEqualTo(TurnOutcome.CONFLICT);
    }
}
