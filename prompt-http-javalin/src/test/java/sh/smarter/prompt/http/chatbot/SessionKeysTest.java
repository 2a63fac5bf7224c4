package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionKey;

class SessionKeysTest {
    private static final String K1 = "a".repeat(64);
    private static final String K2 = "b".repeat(64);
    private static final String K3 = "c".repeat(64);

    @Test
    void looks_in_query_then_body_then_cookie() {
        assertThat(SessionKeys.resolve(K1, TextNode.valueOf(K2), K3)).contains(new SessionKey(K1));
        assertThat(SessionKeys.resolve(null, TextNode.valueOf(K2), K3)).contains(new SessionKey(K2));
        assertThat(SessionKeys.resolve(null, null, K3)).contains(new SessionKey(K3));
    }

    @Test
    void empty_values_count_as_absent_and_fall_through() {
        // After "Start a new chat" the component posts {"session_key": ""}: that means "no key", not a bad one.
        assertThat(SessionKeys.resolve("", TextNode.valueOf("  "), null)).isEmpty();
        assertThat(SessionKeys.resolve(" ", NullNode.getInstance(), K3)).contains(new SessionKey(K3));
        assertThat(SessionKeys.resolve(null, null, null)).isEmpty();
    }

    @Test
    void normalises_case_whitespace_and_a_trailing_slash() {
        assertThat(SessionKeys.resolve("  " + K1.toUpperCase(Locale.ROOT) + "/ ", null, null))
                .contains(new SessionKey(K1));
    }

    @Test
    void malformed_keys_and_wrong_types_are_invalid_input() {
        assertInvalid(() -> SessionKeys.resolve("not-a-key", null, null));
        assertInvalid(() -> SessionKeys.resolve(null, TextNode.valueOf(K1 + "0"), null));
        assertInvalid(() -> SessionKeys.resolve(null, IntNode.valueOf(42), null));
        assertInvalid(() -> SessionKeys.resolve(null, null, "zz"));
    }

    private static void assertInvalid(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PromptException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }
}
