package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.http.server.JsonBridge;

class PromptRequestJsonTest {

    @Test
    void readsTheComponentsBodyToleratingExtraKeysAndUnescapingOnlyTheNewInput() throws Exception {
        PromptRequestJson request = PromptRequestJson.parse(body("""
                {"session_key": "", "messages": [
                  {"role": "system", "content": "You are &amp; stay helpful."},
                  {"role": "assistant", "content": "Welcome to <a href=\\"https://example.com\\">Demo</a>!"},
                  {"role": "user", "content": "first &amp; old"},
                  {"role": "tool", "content": "{}", "tool_call_id": "t1", "smarter_is_new": true},
                  {"role": "assistant", "content": null, "tool_calls": [], "refusal": null, "annotations": []},
                  {"role": "user", "content": "Hello &amp; &lt;b&gt;world&lt;/b&gt;&nbsp; two", "name": "x"}
                ]}"""));

        assertThat(request.messages()).containsExactly(
                new IncomingMessage("system", "You are &amp; stay helpful."),
                new IncomingMessage("assistant", "Welcome to [Demo](https://example.com)!"),
                new IncomingMessage("user", "first &amp; old"),
                new IncomingMessage("tool", "{}"),
                new IncomingMessage("assistant", null),
                new IncomingMessage("user", "Hello & <b>world</b>  two"));
        assertThat(request.inputText()).isNull();
    }

    @Test
    void leavesPlainTextClientsInputAlone() throws Exception {
        PromptRequestJson request = PromptRequestJson.parsePlain(body(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"AT&amp;T &lt;3\"}]}"));
        assertThat(request.messages()).containsExactly(new IncomingMessage("user", "AT&amp;T &lt;3"));
    }

    @Test
    void takesAnExplicitInputTextAsItIs() throws Exception {
        PromptRequestJson request = PromptRequestJson.parse(body("{\"input_text\": \"a &amp; b\"}"));
        assertThat(request.messages()).isEmpty();
        assertThat(request.inputText()).isEqualTo("a &amp; b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"messages\": {\"role\": \"user\"}}",
        "{\"messages\": \"hello\"}",
        "{\"messages\": [\"hello\"]}",
        "{\"messages\": [{\"content\": \"no role\"}]}",
        "{\"messages\": [{\"role\": 1, \"content\": \"x\"}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": 42}]}",
        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\"}]}]}",
        "{\"input_text\": true}"
    })
    void wrongTypesAreInvalidInput(String json) {
        assertThatThrownBy(() -> PromptRequestJson.parse(body(json)))
                .isInstanceOfSatisfying(PromptException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JsonBridge.MAPPER.readTree(json);
    }
}
