package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/** Assertions the port contracts share. */
final class ContractAssertions {
    private ContractAssertions() {
    }

    /** The call must fail with the port's own exception of this kind, which adapters map to status codes. */
    static void assertFailsWith(ErrorKind kind, ThrowingCallable call) {
        assertThatExceptionOfType(PromptException.class)
                .isThrownBy(call)
                .satisfies(e -> assertThat(e.kind()).as("kind of \"%s\"", e.getMessage()).isEqualTo(kind));
    }
}
