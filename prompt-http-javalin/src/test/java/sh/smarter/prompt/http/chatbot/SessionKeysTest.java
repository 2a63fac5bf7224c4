package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionKey;

class SessionKeysTest {
    private static final String K1 = "a".repeat(64);
    private static final String K2 = "b".repeat(64);
    private static final String K3 = "c".repeat(64);

    @Test
    void looksInQueryThenBodyThenCookie() {
        assertThat(SessionKeys.resolve(K1, TextNode.valueOf(K2), K3)).contains(new SessionKey(K1));
        assertThat(SessionKeys.resolve(null, TextNode.valueOf(K2), K3)).contains(new SessionKey(K2));
        assertThat(SessionKeys.resolve(null, null, K3)).contains(new SessionKey(K3));
    }

    @Test
    void emptyValuesCountAsAbsentAndFallThrough() {
        // After "Start a new chat" the component posts {"session_key": ""}: that means "no key", not a bad one.
        assertThat(SessionKeys.resolve("", TextNode.valueOf("  "), null)).isEmpty();
        assertThat(SessionKeys.resolve(" ", NullNode.getInstance(), K3)).contains(new SessionKey(K3));
        assertThat(SessionKeys.resolve(null, null, null)).isEmpty();
    }

    @Test
    void normalisesCaseWhitespaceAndATrailingSlash() {
        assertThat(SessionKeys.resolve("  " + K1.toUpperCase() + "/ ", null, null)).contains(new SessionKey(K1));
    }

    @Test
    void malformedKeysAndWrongTypesAreInvalidInput() {
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
