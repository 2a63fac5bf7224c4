package sh.smarter.prompt.http.chatbot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void escapes_markup_so_that_the_component_renders_it_literally() {
        assertThat(HtmlText.escape("<img src=x onerror=alert(1)> & \"q\""))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt; &amp; \"q\"");
        assertThat(HtmlText.escapeAttribute("\"a\" 'b'")).isEqualTo("&quot;a&quot; &#39;b&#39;");
        assertThat(HtmlText.escape(null)).isNull();
        assertThat(HtmlText.escape("Opening hours: 9 to 5 & later")).isEqualTo("Opening hours: 9 to 5 &amp; later");
        assertThat(HtmlText.escapeAttribute("it's \"here\"")).isEqualTo("it&#39;s &quot;here&quot;");
        assertThat(HtmlText.escape("Z\u00fcrich 'quoted' \"text\" \ud83d\ude00"))
                .isEqualTo("Z\u00fcrich 'quoted' \"text\" \ud83d\ude00");
    }

    @Test
    void unescapes_what_a_contenteditable_produces_for_typed_text() {
        // What ui-chat 0.3.0 really sends when "Hello & <b>world</b>  two" is typed.
        assertThat(HtmlText.unescape("Hello &amp; &lt;b&gt;world&lt;/b&gt;&nbsp; two"))
                .isEqualTo("Hello & <b>world</b>  two");
        assertThat(HtmlText.unescape("&quot;x&quot; &#39;y&#39; &#x27;z&#x27;")).isEqualTo("\"x\" 'y' 'z'");
    }

    @Test
    void unescapes_in_one_pass_and_leaves_unknown_entities_alone() {
        assertThat(HtmlText.unescape("&amp;lt; is how you write &lt;")).isEqualTo("&lt; is how you write <");
        assertThat(HtmlText.unescape("AT&T &copy; &; & a;")).isEqualTo("AT&T &copy; &; & a;");
        assertThat(HtmlText.unescape("no entities")).isEqualTo("no entities");
    }

    @Test
    void turns_the_components_links_back_into_markdown() {
        assertThat(HtmlText.linksToMarkdown("Welcome to <a href=\"https://example.com\">Demo</a>! See "
                + "<a href=\"https://a.b/c?d=1\" target=\"_blank\">docs</a>."))
                .isEqualTo("Welcome to [Demo](https://example.com)! See [docs](https://a.b/c?d=1).");
        assertThat(HtmlText.linksToMarkdown("no links <b>here</b>")).isEqualTo("no links <b>here</b>");
        assertThat(HtmlText.linksToMarkdown(null)).isNull();
    }
}
