package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import sh.smarter.prompt.tests.server.PromptClient;

/** What every error answer of a running server must look like, checked on the raw body. */
final class ErrorAnswers {
    private ErrorAnswers() {
    }

    /**
     * What every error answer must be (SPEC 5.1): the error envelope with a class and a description, the API
     * version and the metadata, and no stack trace or exception class name anywhere in the body.
     */
    static JsonNode assertErrorEnvelope(String what, int status, String body) {
        assertNoStackTrace(what, body);
        JsonNode json;
        try {
            json = PromptClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": HTTP " + status + " without a JSON error envelope: " + clip(body), e);
        }
        assertThat(json.at("/error/errorClass").asText()).as("%s: error.errorClass in %s", what, clip(body))
                .isNotBlank();
        assertThat(json.at("/error/status").asText()).as("%s: error.status", what).isEqualTo(String.valueOf(status));
        assertThat(json.path("description").asText()).as("%s: description in %s", what, clip(body)).isNotBlank();
        assertThat(json.path("api").asText()).as("%s: api", what).isEqualTo("smarter.sh/v1");
        assertThat(json.path("metadata").isObject()).as("%s: metadata in %s", what, clip(body)).isTrue();
        return json;
    }

    static void assertNoStackTrace(String what, String body) {
        assertThat(body).as("%s: the body shows no stack trace or exception class", what)
                .doesNotContain("\tat ", "at sh.smarter", "at java.", "at org.", "at io.", "Caused by",
                        "Exception", "\tat");
    }

    static String clip(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
