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
import sh.smarter.prompt.http.server.HttpJson;

class PromptRequestJsonTest {

    @Test
    void reads_the_components_body_tolerating_extra_keys_and_unescaping_only_the_new_input() throws Exception {
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
    void leaves_plain_text_clients_input_alone() throws Exception {
        PromptRequestJson request = PromptRequestJson.parsePlain(body(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"AT&amp;T &lt;3\"}]}"));
        assertThat(request.messages()).containsExactly(new IncomingMessage("user", "AT&amp;T &lt;3"));
    }

    @Test
    void takes_an_explicit_input_text_as_it_is() throws Exception {
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
    void wrong_types_are_invalid_input(String json) {
        assertThatThrownBy(() -> PromptRequestJson.parse(body(json)))
                .isInstanceOfSatisfying(PromptException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) HttpJson.MAPPER.readTree(json);
    }
}
