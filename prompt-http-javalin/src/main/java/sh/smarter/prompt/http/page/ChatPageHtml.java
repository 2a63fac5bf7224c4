package sh.smarter.prompt.http.page;

import sh.smarter.prompt.http.chatbot.HtmlText;

/** The HTML of the chat page and of its "not found" answer. */
final class ChatPageHtml {
    private ChatPageHtml() {
    }

    /**
     * The page mounting {@code SmarterChat}. The root needs an explicit height (the component's layout is 100% all
     * the way down); its attributes follow the component's README convention, with lowercase booleans. The wrapper
     * {@code #root} is the element react-modal hides while the component's error dialog is open.
     */
    static String page(String title, String chatbotApiUrl, ChatAssets assets) {
        String body = assets.available()
                ? """
                  <div id="root"><div id="smarter-sh-v1-ui-chat-root"
                    smarter-chatbot-api-url="%s"
                    smarter-toggle-metadata="true"
                    smarter-debug-mode="false"
                    smarter-session-cookie-name="session_key"
                    smarter-csrf-cookie-name="csrftoken"
                    django-session-cookie-name="sessionid"
                    style="height: 100vh;"></div></div>
                  <script src="%s"></script>
                  """.formatted(escape(chatbotApiUrl), escape(assets.url(ChatAssets.SCRIPT)))
                : """
                  <p class="notice">The chat page assets are not in this build (it was built with
                  <code>-Dskip.web=true</code>). Rebuild with <code>mvn package</code> to get the chat.</p>
                  """;
        return document(title, "<link rel=\"stylesheet\" href=\"" + escape(assets.url(ChatAssets.STYLESHEET))
                + "\">\n", body);
    }

    static String notFound(String chatbotName) {
        return document("Chatbot not found", "", "<p class=\"notice\">There is no chatbot named <code>"
                + escape(chatbotName) + "</code> here.</p>\n");
    }

    private static String document(String title, String head, String body) {
        return """
               <!doctype html>
               <html lang="en">
               <head>
               <meta charset="utf-8">
               <meta name="viewport" content="width=device-width, initial-scale=1">
               <link rel="icon" href="data:,">
               <title>%s</title>
               %s<style>
               html, body { margin: 0; height: 100%%; }
               .notice { font-family: sans-serif; margin: 2em; }
               </style>
               </head>
               <body>
               %s</body>
               </html>
               """.formatted(escape(title), head, body);
    }

    private static String escape(String text) {
        return HtmlText.escapeAttribute(text);
    }
}
