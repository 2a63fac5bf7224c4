package sh.smarter.prompt.tests.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The malformed requests of {@link BadInputCorpusTest}: each one what a confused or hostile client sends to one
 * endpoint, and the 4xx it must get. Grouped by what is wrong: broken JSON, wrong types, huge strings, deep
 * nesting, Unicode edge cases, malformed and foreign session keys, header abuse, and bad input to the CLI, native
 * and health endpoints. None of them may change the database.
 */
final class BadInputCorpus {
    /** The server's endpoints; the test checks the corpus reaches every one. */
    enum Route {
        CHATBOT_CONFIG, CHATBOT_PROMPT_CONFIG, CHATBOT_PROMPT, ACCOUNT_CHATBOT_CONFIG, ACCOUNT_CHATBOT_PROMPT,
        CLI_CHAT, CLI_PROMPT, CLI_CHAT_CONFIG, CLI_PROMPT_CONFIG, CLI_GET, CLI_DESCRIBE, CLI_DELETE, CLI_APPLY,
        CLI_EXAMPLE_MANIFEST, CLI_WHOAMI, CLI_VERSION, CLI_STATUS,
        NATIVE_SESSIONS, NATIVE_SESSION, NATIVE_MESSAGES, NATIVE_EXPORT, NATIVE_PROMPT, NATIVE_SESSION_PROMPT,
        NATIVE_OPENAPI, HEALTH, READY, CHAT_PAGE, NO_SUCH_PATH
    }

    /**
     * One request, sent byte for byte.
     *
     * @param requestLine    e.g. {@code POST /path HTTP/1.1}
     * @param headers        header lines as sent (Host, Content-Length and Connection are added unless present)
     * @param expectedStatus the 4xx it must get
     */
    record BadRequest(Route route, String name, String requestLine, List<String> headers, byte[] body,
                      int expectedStatus) {
        BadRequest {
            if (expectedStatus < 400 || expectedStatus > 499) {
                throw new IllegalArgumentException(name + ": the corpus holds 4xx cases only");
            }
        }

        /** The request head up to the blank line, which {@link RawHttp} adds. */
        String head(int port) {
            StringBuilder head = new StringBuilder(requestLine).append("\r\n");
            if (headers.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("host:"))) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            headers.forEach(h -> head.append(h).append("\r\n"));
            boolean framed = headers.stream().map(h -> h.toLowerCase(Locale.ROOT))
                    .anyMatch(h -> h.startsWith("content-length:") || h.startsWith("transfer-encoding:"));
            if (!framed) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return head.append("Connection: close\r\n").toString();
        }

        @Override
        public String toString() {
            return route + " " + name + " (" + requestLine.split(" ")[0] + ", " + body.length + " bytes)";
        }
    }

    /** Keys of the fixture's sessions and accounts that the corpus misuses. */
    record Keys(String exampleSession, String otherChatbotSession, String otherAccountSession, String keyOfA,
                String keyOfB) {
    }

    static final int LIMIT = 1024 * 1024;
    private static final String JSON = "Content-Type: application/json";
    private static final String CHATBOT = "/api/v1/chatbots/example/";
    private static final String ACCOUNT_CHATBOT = "/api/v1/accounts/3141-5926-5359/chatbots/example/";
    private static final String CLI = "/api/v1/cli/";
    private static final String NATIVE = "/api/v2/chatbots/example/";
    private static final String HEX_63 = "a".repeat(63);
    private static final String HEX_65 = "a".repeat(65);
    private static final String NOT_HEX_64 = "g".repeat(64);
    private static final String SQL_KEY = "x%27%20OR%20%271%27%3D%271";
    private static final String UNKNOWN_KEY = "0123456789abcdef".repeat(4);

    private final List<BadRequest> requests = new ArrayList<>();
    private final Keys keys;
    private final String tokenA;

    private BadInputCorpus(Keys keys) {
        this.keys = keys;
        this.tokenA = "Authorization: Token " + keys.keyOfA();
    }

    static List<BadRequest> requests(Keys keys) {
        BadInputCorpus corpus = new BadInputCorpus(keys);
        corpus.brokenJson();
        corpus.wrongTypes();
        corpus.hugeStrings();
        corpus.deepNesting();
        corpus.unicodeEdgeCases();
        corpus.malformedAndForeignSessionKeys();
        corpus.headerAbuse();
        corpus.cliEndpoints();
        corpus.nativeEndpoints();
        corpus.methodsAndPaths();
        return List.copyOf(corpus.requests);
    }

    // ----------------------------------------------------------------------------------------------- groups

    private void brokenJson() {
        List<String> broken = List.of("{\"messages\": [", "not json at all", "{\"messages\": []} trailing",
                "{'messages': 'single quotes'}", "{\"input\": NaN}", "{\"a\": 1,}", "{\"input\": \"\\u12G4\"}",
                "[]", "null", "{\"a\": 1}{\"b\": 2}");
        String prompt = CHATBOT + "prompt/?session_key=" + keys.exampleSession();
        for (int i = 0; i < broken.size(); i++) {
            json(Route.CHATBOT_PROMPT, "broken JSON #" + i, "POST", prompt, broken.get(i), 400);
        }
        jsonBodyTargets().forEach((route, target) -> {
            for (String body : List.of(broken.get(0), broken.get(1), broken.get(7), broken.get(9))) {
                json(route, "broken JSON " + body, "POST", target, body, 400, authorisationFor(route));
            }
        });
    }

    private void wrongTypes() {
        String prompt = CHATBOT + "prompt/?session_key=" + keys.exampleSession();
        List<String> bodies = List.of("{\"messages\": {\"role\": \"user\", \"content\": \"an object\"}}",
                "{\"messages\": [\"hello\"]}", "{\"messages\": [{\"role\": \"user\", \"content\": 42}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"parts\"}]}]}",
                "{\"messages\": [{\"role\": 7, \"content\": \"role is a number\"}]}", "{\"input_text\": 7}",
                "{\"messages\": [{\"role\": \"user\", \"content\": true}]}", "{\"messages\": []}",
                "{\"messages\": [{\"role\": \"assistant\", \"content\": \"no user message\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"   \"}]}");
        for (String body : bodies) {
            json(Route.CHATBOT_PROMPT, "wrong type " + body, "POST", prompt, body, 400);
        }
        for (String key : List.of("42", "[]", "{}", "true")) {
            json(Route.CHATBOT_CONFIG, "session_key " + key, "POST", CHATBOT + "config/", "{\"session_key\": " + key
                    + "}", 400);
            json(Route.CHATBOT_PROMPT, "session_key " + key, "POST", CHATBOT + "prompt/", "{\"session_key\": " + key
                    + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 400);
        }
        for (String input : List.of("{\"input\": 42}", "{\"input\": []}", "{\"input\": {}}", "{}",
                "{\"input\": \"  \"}")) {
            json(Route.NATIVE_SESSION_PROMPT, "input " + input, "POST", NATIVE + "sessions/" + keys.exampleSession()
                    + "/prompt", input, 400);
            json(Route.NATIVE_PROMPT, "input " + input, "POST", NATIVE + "prompt", input, 400);
        }
        for (String body : List.of("{\"prompt\": 42}", "{\"prompt\": []}", "{}", "{\"prompt\": \"\"}",
                "{\"prompt\": \"hi\", \"session_key\": 42}")) {
            json(Route.CLI_CHAT, "prompt " + body, "POST", CLI + "chat/example/?uid=corpus", body, 400, tokenA);
        }
    }

    private void hugeStrings() {
        String overLimit = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "x".repeat(LIMIT + 10) + "\"}]}";
        json(Route.CHATBOT_PROMPT, "body over the limit", "POST", CHATBOT + "prompt/?session_key="
                + keys.exampleSession(), overLimit, 413);
        json(Route.CHATBOT_CONFIG, "body over the limit", "POST", CHATBOT + "config/", overLimit, 413);
        json(Route.NATIVE_SESSION_PROMPT, "body over the limit", "POST", NATIVE + "sessions/" + keys.exampleSession()
                + "/prompt", "{\"input\": \"" + "y".repeat(LIMIT + 10) + "\"}", 413);
        json(Route.CLI_APPLY, "body over the limit", "POST", CLI + "apply/", overLimit, 413, tokenA);
        // Just under the limit: read in full, then refused for what it says.
        String underLimit = "x".repeat(LIMIT - 400);
        json(Route.CHATBOT_PROMPT, "body just under the limit, malformed key", "POST", CHATBOT + "prompt/"
                + "?session_key=" + HEX_63, "{\"messages\": [{\"role\": \"user\", \"content\": \"" + underLimit
                + "\"}]}", 400);
        json(Route.NATIVE_SESSION_PROMPT, "body just under the limit, malformed key", "POST", NATIVE + "sessions/"
                + HEX_65 + "/prompt", "{\"input\": \"" + underLimit + "\"}", 400);
        json(Route.CHATBOT_CONFIG, "a session key just under the limit", "POST", CHATBOT + "config/",
                "{\"session_key\": \"" + underLimit + "\"}", 400);
        json(Route.CLI_CHAT, "a session key just under the limit", "POST", CLI + "chat/example/?uid=corpus",
                "{\"prompt\": \"hi\", \"uid\": 1, \"session_key\": \"" + underLimit + "\"}", 400, tokenA);
        add(Route.CHATBOT_PROMPT, "Content-Length of 2 GB", "POST", CHATBOT + "prompt/", "{}".getBytes(
                StandardCharsets.UTF_8), 413, JSON, "Content-Length: 2147483648");
    }

    private void deepNesting() {
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        json(Route.CHATBOT_PROMPT, "10,000 nested arrays", "POST", CHATBOT + "prompt/", arrays, 400);
        json(Route.CHATBOT_PROMPT, "10,000 nested arrays as messages", "POST", CHATBOT + "prompt/",
                "{\"messages\": " + arrays + "}", 400);
        json(Route.NATIVE_PROMPT, "10,000 nested objects", "POST", NATIVE + "prompt",
                "{\"input\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_001), 400);
        json(Route.CHATBOT_CONFIG, "10,000 nested arrays", "POST", CHATBOT + "config/", "{\"x\": " + arrays + "}",
                400);
        json(Route.CLI_APPLY, "10,000 nested arrays", "POST", CLI + "apply/", "{\"spec\": " + arrays + "}", 400,
                tokenA);
        json(Route.CLI_CHAT, "100,000 unclosed arrays", "POST", CLI + "chat/example/?uid=corpus",
                "[".repeat(100_000), 400, tokenA);
    }

    private void unicodeEdgeCases() {
        String prompt = CHATBOT + "prompt/?session_key=" + keys.exampleSession();
        add(Route.CHATBOT_PROMPT, "raw NUL byte in a string", "POST", prompt, concat(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"a", new byte[] {0}, "b\"}]}"), 400, JSON);
        add(Route.CHATBOT_PROMPT, "overlong UTF-8 for '/'", "POST", prompt, concat(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"", new byte[] {(byte) 0xC0, (byte) 0xAF},
                "\"}]}"), 400, JSON);
        add(Route.NATIVE_PROMPT, "invalid UTF-8 byte 0xFF", "POST", NATIVE + "prompt", concat("{\"input\": \"",
                new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"}"), 400, JSON);
        add(Route.NATIVE_PROMPT, "truncated UTF-8 sequence", "POST", NATIVE + "prompt", concat("{\"input\": \"",
                new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}"), 400, JSON);
        add(Route.CHATBOT_PROMPT, "UTF-8 BOM before a wrong type", "POST", prompt, concat("",
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"messages\": {}}"), 400, JSON);
        add(Route.CHATBOT_CONFIG, "UTF-16 body with a wrong type", "POST", CHATBOT + "config/",
                utf16("{\"session_key\": 1}"), 400, JSON);
        for (String key : List.of("\\u202e" + "a".repeat(63), "\\ud800", "a".repeat(64) + "\\u0000",
                "\\uff41".repeat(64), "\\u0661".repeat(64), "\\ufeff" + "a".repeat(64) + "x")) {
            json(Route.CHATBOT_PROMPT, "session key " + key.substring(0, Math.min(12, key.length())), "POST",
                    CHATBOT + "prompt/", "{\"session_key\": \"" + key + "\", \"messages\": [{\"role\": \"user\","
                            + " \"content\": \"hi\"}]}", 400);
        }
        add(Route.CHATBOT_CONFIG, "RTL override in the chatbot name", "POST", "/api/v1/chatbots/%E2%80%AEelpmaxe/"
                + "config/", new byte[0], 404);
        add(Route.CHATBOT_CONFIG, "NUL in the chatbot name", "POST", "/api/v1/chatbots/exa%00mple/config/",
                new byte[0], 400);
        add(Route.NATIVE_SESSION_PROMPT, "Arabic-Indic digits as a key", "POST", NATIVE + "sessions/"
                + "%D9%A1".repeat(64) + "/prompt", "{\"input\": \"hi\"}".getBytes(StandardCharsets.UTF_8), 400, JSON);
        add(Route.NATIVE_SESSION, "overlong UTF-8 in the path", "GET", NATIVE + "sessions/%C0%AF", new byte[0], 400,
                tokenA);
    }

    private void malformedAndForeignSessionKeys() {
        String hello = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        for (String key : List.of(HEX_63, HEX_65, NOT_HEX_64, SQL_KEY, "..%2F..%2Fetc%2Fpasswd", "%00")) {
            json(Route.CHATBOT_PROMPT, "session_key=" + key.substring(0, Math.min(12, key.length())), "POST",
                    CHATBOT + "prompt/?session_key=" + key, hello, 400);
        }
        json(Route.CHATBOT_PROMPT, "63 hex key in the body", "POST", CHATBOT + "prompt/", "{\"session_key\": \""
                + HEX_63 + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 400);
        json(Route.CHATBOT_PROMPT, "65 hex key in the cookie", "POST", CHATBOT + "prompt/", hello, 400,
                "Cookie: session_key=" + HEX_65);
        json(Route.CHATBOT_PROMPT_CONFIG, "non-hex key in the cookie", "POST", CHATBOT + "prompt/config/", "", 400,
                "Cookie: session_key=" + NOT_HEX_64);
        json(Route.CHATBOT_CONFIG, "SQL as the key", "POST", CHATBOT + "config/?session_key=" + SQL_KEY, "", 400);
        json(Route.CHATBOT_PROMPT, "key of another chatbot", "POST", CHATBOT + "prompt/?session_key="
                + keys.otherChatbotSession(), hello, 404);
        json(Route.CHATBOT_PROMPT, "key of another account's chatbot", "POST", CHATBOT + "prompt/?session_key="
                + keys.otherAccountSession(), hello, 404);
        json(Route.ACCOUNT_CHATBOT_PROMPT, "key of another chatbot", "POST", ACCOUNT_CHATBOT + "prompt/"
                + "?session_key=" + keys.otherChatbotSession().toUpperCase(Locale.ROOT), hello, 404);
        json(Route.CHATBOT_PROMPT, "a well-formed key nobody has", "POST", CHATBOT + "prompt/?session_key="
                + UNKNOWN_KEY, hello, 404);
        for (String key : List.of(HEX_63, SQL_KEY, NOT_HEX_64)) {
            json(Route.NATIVE_SESSION_PROMPT, "key " + key.substring(0, 12), "POST", NATIVE + "sessions/" + key
                    + "/prompt", "{\"input\": \"hi\"}", 400);
            add(Route.NATIVE_SESSION, "key " + key.substring(0, 12), "GET", NATIVE + "sessions/" + key, new byte[0],
                    400, tokenA);
        }
        json(Route.NATIVE_SESSION_PROMPT, "key of another chatbot", "POST", NATIVE + "sessions/"
                + keys.otherChatbotSession() + "/prompt", "{\"input\": \"hi\"}", 404);
        json(Route.NATIVE_SESSION_PROMPT, "key of another account", "POST", NATIVE + "sessions/"
                + keys.otherAccountSession() + "/prompt", "{\"input\": \"hi\"}", 404);
        add(Route.NATIVE_SESSION, "key of another chatbot", "GET", NATIVE + "sessions/" + keys.otherChatbotSession(),
                new byte[0], 404, tokenA);
        add(Route.NATIVE_SESSION, "delete another account's session", "DELETE", "/api/v2/chatbots/bravo/sessions/"
                + keys.otherAccountSession(), new byte[0], 404, tokenA);
        add(Route.NATIVE_MESSAGES, "messages of another chatbot's session", "GET", NATIVE + "sessions/"
                + keys.otherChatbotSession() + "/messages", new byte[0], 404, tokenA);
        add(Route.NATIVE_EXPORT, "export with a 65 hex key", "GET", NATIVE + "sessions/" + HEX_65 + "/export",
                new byte[0], 400, tokenA);
        add(Route.CLI_DELETE, "delete chat with a 63 hex key", "POST", CLI + "delete/chat/?session_key=" + HEX_63,
                new byte[0], 400, tokenA, JSON);
        add(Route.CLI_DELETE, "delete another account's session", "POST", CLI + "delete/chat/?session_key="
                + keys.otherAccountSession(), new byte[0], 404, tokenA, JSON);
        add(Route.CLI_GET, "chat history by SQL key", "POST", CLI + "get/chathistory/?session_key=" + SQL_KEY,
                new byte[0], 400, tokenA, JSON);
        json(Route.CLI_CHAT, "65 hex key in the body", "POST", CLI + "chat/example/?uid=corpus",
                "{\"prompt\": \"hi\", \"session_key\": \"" + HEX_65 + "\"}", 400, tokenA);
    }

    private void headerAbuse() {
        add(Route.HEALTH, "a 64 KB header", "GET", "/health", new byte[0], 431, "X-Padding: " + "p".repeat(64 * 1024));
        add(Route.CHATBOT_CONFIG, "a 64 KB cookie", "POST", CHATBOT + "config/", new byte[0], 431,
                "Cookie: session_key=" + "c".repeat(64 * 1024));
        add(Route.HEALTH, "a header line without a colon", "GET", "/health", new byte[0], 400, "NoColonHere");
        add(Route.READY, "a header name with a space", "GET", "/ready", new byte[0], 400, "Bad Name: x");
        add(Route.HEALTH, "two Host headers", "GET", "/health", new byte[0], 400, "Host: a.example", "Host: b.example");
        add(Route.HEALTH, "a request line with four parts", "GET /health extra", null, new byte[0], 400);
        for (String authorization : List.of("Basic dXNlcjpwYXNz", "Token", "Bearer " + "b".repeat(4000),
                "Token ' OR 1=1 --", "Token " + keys.keyOfA().substring(1) + "x", "NTLM TlRMTVNTUAABAAAA",
                "Token " + keys.keyOfA() + " " + keys.keyOfA())) {
            String label = authorization.substring(0, Math.min(16, authorization.length()));
            add(Route.CLI_WHOAMI, "Authorization " + label, "POST", CLI + "whoami/", new byte[0], 401,
                    "Authorization: " + authorization, JSON);
            add(Route.NATIVE_SESSIONS, "Authorization " + label, "GET", NATIVE + "sessions", new byte[0], 401,
                    "Authorization: " + authorization);
        }
        add(Route.CHATBOT_CONFIG, "locked chatbot, Basic credentials", "POST", "/api/v1/chatbots/locked/config/",
                new byte[0], 401, "Authorization: Basic dXNlcjpwYXNz");
        add(Route.CHATBOT_PROMPT, "locked chatbot, no key", "POST", "/api/v1/chatbots/locked/prompt/",
                bytes("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), 401, JSON);
        add(Route.CHATBOT_PROMPT, "two Content-Types, broken JSON", "POST", CHATBOT + "prompt/", bytes("{\"mess"),
                400, JSON, "Content-Type: text/plain");
        add(Route.CHATBOT_PROMPT, "text/plain", "POST", CHATBOT + "prompt/", bytes("{\"messages\": []}"), 415,
                "Content-Type: text/plain");
        add(Route.NATIVE_PROMPT, "application/xml", "POST", NATIVE + "prompt", bytes("<input>hi</input>"), 415,
                "Content-Type: application/xml");
        add(Route.CLI_CHAT, "multipart/form-data", "POST", CLI + "chat/example/?uid=corpus", bytes("--x--"), 415,
                tokenA, "Content-Type: multipart/form-data; boundary=x");
        byte[] hi = bytes("{\"input\": \"hi\"}");
        add(Route.NATIVE_PROMPT, "Content-Length: abc", "POST", NATIVE + "prompt", hi, 400, JSON,
                "Content-Length: abc");
        add(Route.NATIVE_PROMPT, "Content-Length: -1", "POST", NATIVE + "prompt", hi, 400, JSON,
                "Content-Length: -1");
        add(Route.NATIVE_PROMPT, "two different Content-Lengths", "POST", NATIVE + "prompt", hi, 400, JSON,
                "Content-Length: 15", "Content-Length: 3");
        add(Route.NATIVE_PROMPT, "Content-Length beyond the body", "POST", NATIVE + "prompt", hi, 400, JSON,
                "Content-Length: 500");
        add(Route.CHATBOT_PROMPT, "Content-Length cutting the JSON short", "POST", CHATBOT + "prompt/", hi, 400,
                JSON, "Content-Length: 9");
        add(Route.CHATBOT_PROMPT, "a chunk size that is not hex", "POST", CHATBOT + "prompt/", bytes("zz\r\n{}\r\n0"
                + "\r\n\r\n"), 400, JSON, "Transfer-Encoding: chunked");
        add(Route.CHATBOT_PROMPT, "chunked and a Content-Length", "POST", CHATBOT + "prompt/", bytes("2\r\n{}\r\n0"
                + "\r\n\r\n"), 400, JSON, "Transfer-Encoding: chunked", "Content-Length: 2");
    }

    private void cliEndpoints() {
        Map<Route, String> everyEndpoint = new LinkedHashMap<>();
        everyEndpoint.put(Route.CLI_CHAT, "chat/example/?uid=corpus");
        everyEndpoint.put(Route.CLI_PROMPT, "prompt/example/?uid=corpus");
        everyEndpoint.put(Route.CLI_CHAT_CONFIG, "chat/config/example/");
        everyEndpoint.put(Route.CLI_PROMPT_CONFIG, "prompt/config/example/");
        everyEndpoint.put(Route.CLI_GET, "get/chat/");
        everyEndpoint.put(Route.CLI_DESCRIBE, "describe/chatbot/?name=example");
        everyEndpoint.put(Route.CLI_DELETE, "delete/chat/?session_key=" + keys.exampleSession());
        everyEndpoint.put(Route.CLI_APPLY, "apply/");
        everyEndpoint.put(Route.CLI_EXAMPLE_MANIFEST, "example_manifest/chatbot/");
        everyEndpoint.put(Route.CLI_WHOAMI, "whoami/");
        everyEndpoint.put(Route.CLI_VERSION, "version/");
        everyEndpoint.put(Route.CLI_STATUS, "status/");
        everyEndpoint.forEach((route, path) -> json(route, "no token", "POST", CLI + path, "{\"prompt\": \"hi\"}",
                401));
        cli(Route.CLI_GET, "unknown kind", "get/widget/", "", 400);
        cli(Route.CLI_GET, "i=abc", "get/chat/?i=abc", "", 400);
        cli(Route.CLI_GET, "i=-1", "get/chat/?i=-1", "", 400);
        cli(Route.CLI_GET, "asc and desc", "get/chat/?asc=true&desc=true", "", 400);
        cli(Route.CLI_GET, "chat history without a key", "get/chathistory/", "", 400);
        cli(Route.CLI_DESCRIBE, "no name", "describe/chatbot/", "", 400);
        cli(Route.CLI_DESCRIBE, "unknown chatbot", "describe/chatbot/?name=nobody", "", 404);
        cli(Route.CLI_DESCRIBE, "unknown kind", "describe/widget/?name=x", "", 400);
        cli(Route.CLI_DELETE, "delete chat without a key", "delete/chat/", "", 400);
        cli(Route.CLI_EXAMPLE_MANIFEST, "unknown kind", "example_manifest/widget/", "", 400);
        cli(Route.CLI_CHAT, "no uid", "chat/example/", "{\"prompt\": \"hi\"}", 400);
        cli(Route.CLI_CHAT, "uid of 1,000 characters", "chat/example/?uid=" + "u".repeat(1000), "{\"prompt\": \"hi\"}",
                400);
        cli(Route.CLI_CHAT, "unknown chatbot", "chat/nobody/?uid=corpus", "{\"prompt\": \"hi\"}", 404);
        cli(Route.CLI_PROMPT, "another account's chatbot", "prompt/bravo/?uid=corpus", "{\"prompt\": \"hi\"}", 404);
        cli(Route.CLI_CHAT_CONFIG, "unknown chatbot", "chat/config/nobody/", "", 404);
        cli(Route.CLI_PROMPT_CONFIG, "another account's chatbot", "prompt/config/bravo/", "", 404);
        cli(Route.CLI_APPLY, "empty body", "apply/", "", 400);
        cli(Route.CLI_APPLY, "unknown kind", "apply/", "{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"Widget\","
                + " \"metadata\": {\"name\": \"w\"}, \"spec\": {}}", 400);
        cli(Route.CLI_APPLY, "a temperature that is a word", "apply/", "{\"apiVersion\": \"smarter.sh/v1\", \"kind\":"
                + " \"Chatbot\", \"metadata\": {\"name\": \"hot\"}, \"spec\": {\"config\": {\"defaultTemperature\":"
                + " \"hot\"}}}", 400);
        cli(Route.CLI_APPLY, "SQL as a chatbot name", "apply/", "{\"apiVersion\": \"smarter.sh/v1\", \"kind\":"
                + " \"Chatbot\", \"metadata\": {\"name\": \"x'); DROP TABLE chatbots; --\"}, \"spec\": {}}", 400);
        add(Route.CLI_APPLY, "malformed YAML", "POST", CLI + "apply/", bytes("kind: [unclosed\n  - : :"), 400, tokenA,
                "Content-Type: application/yaml");
    }

    private void nativeEndpoints() {
        String sessions = NATIVE + "sessions";
        add(Route.NATIVE_SESSIONS, "no key", "GET", sessions, new byte[0], 401);
        add(Route.NATIVE_SESSIONS, "key of another account", "GET", sessions, new byte[0], 404,
                "Authorization: Token " + keys.keyOfB());
        for (String query : List.of("limit=0", "limit=-5", "limit=abc", "limit=100000", "cursor=garbage",
                "cursor=" + SQL_KEY)) {
            add(Route.NATIVE_SESSIONS, query, "GET", sessions + "?" + query, new byte[0], 400, tokenA);
        }
        String messages = NATIVE + "sessions/" + keys.exampleSession() + "/messages";
        for (String query : List.of("after_seq=-1", "after_seq=abc", "limit=0", "limit=1e9")) {
            add(Route.NATIVE_MESSAGES, query, "GET", messages + "?" + query, new byte[0], 400, tokenA);
        }
        add(Route.NATIVE_EXPORT, "format=xml", "GET", NATIVE + "sessions/" + keys.exampleSession() + "/export"
                + "?format=xml", new byte[0], 400, tokenA);
        add(Route.NATIVE_EXPORT, "no key", "GET", NATIVE + "sessions/" + keys.exampleSession() + "/export",
                new byte[0], 401);
        add(Route.NATIVE_SESSION, "a well-formed key nobody has", "GET", NATIVE + "sessions/" + UNKNOWN_KEY,
                new byte[0], 404, tokenA);
        add(Route.NATIVE_SESSION, "delete a well-formed key nobody has", "DELETE", NATIVE + "sessions/" + UNKNOWN_KEY,
                new byte[0], 404, tokenA);
        add(Route.NATIVE_SESSION, "delete without a key", "DELETE", NATIVE + "sessions/" + keys.exampleSession(),
                new byte[0], 401);
        json(Route.NATIVE_PROMPT, "unknown chatbot", "POST", "/api/v2/chatbots/nobody/prompt", "{\"input\": \"hi\"}",
                404);
        json(Route.NATIVE_PROMPT, "locked chatbot without a key", "POST", "/api/v2/chatbots/locked/prompt",
                "{\"input\": \"hi\"}", 401);
        json(Route.NATIVE_SESSION_PROMPT, "a well-formed key nobody has", "POST", NATIVE + "sessions/" + UNKNOWN_KEY
                + "/prompt", "{\"input\": \"hi\"}", 404);
        add(Route.NATIVE_SESSIONS, "unknown chatbot", "GET", "/api/v2/chatbots/nobody/sessions", new byte[0], 404,
                tokenA);
        add(Route.NATIVE_OPENAPI, "POST", "POST", "/api/v2/openapi.json", bytes("{}"), 405, JSON);
        add(Route.NATIVE_OPENAPI, "DELETE", "DELETE", "/api/v2/openapi.json", new byte[0], 405);
    }

    private void methodsAndPaths() {
        add(Route.CHATBOT_PROMPT, "GET", "GET", CHATBOT + "prompt/", new byte[0], 405);
        add(Route.CHATBOT_CONFIG, "PUT", "PUT", CHATBOT + "config/", bytes("{}"), 405, JSON);
        add(Route.CHATBOT_CONFIG, "DELETE", "DELETE", CHATBOT + "config/", new byte[0], 405);
        add(Route.NATIVE_PROMPT, "PATCH", "PATCH", NATIVE + "prompt", bytes("{}"), 405, JSON);
        add(Route.HEALTH, "POST", "POST", "/health", bytes("{}"), 405, JSON);
        add(Route.HEALTH, "TRACE", "TRACE", "/health", new byte[0], 405);
        add(Route.READY, "POST", "POST", "/ready", bytes("{}"), 405, JSON);
        add(Route.READY, "PUT", "PUT", "/ready", bytes("{}"), 405, JSON);
        add(Route.NO_SUCH_PATH, "an unknown API path", "GET", "/api/v1/nothing/", new byte[0], 404);
        add(Route.NO_SUCH_PATH, "a traversal", "GET", "/api/v1/chatbots/..%2F..%2Fetc%2Fpasswd/config/", new byte[0],
                404);
        add(Route.CHAT_PAGE, "unknown chatbot", "GET", "/chat/nobody/", new byte[0], 404);
        add(Route.CHAT_PAGE, "SQL as the chatbot", "GET", "/chat/" + SQL_KEY + "/", new byte[0], 404);
        add(Route.CHAT_PAGE, "a 6 KB chatbot name", "GET", "/chat/" + "n".repeat(6000) + "/", new byte[0], 404);
        add(Route.CHATBOT_CONFIG, "SQL as the chatbot", "POST", "/api/v1/chatbots/" + SQL_KEY + "/config/",
                new byte[0], 404);
        add(Route.CHATBOT_CONFIG, "a name with spaces and punctuation", "POST", "/api/v1/chatbots/Bad%20Name!/config/",
                new byte[0], 404);
        add(Route.ACCOUNT_CHATBOT_CONFIG, "a malformed account number", "POST", "/api/v1/accounts/31415926/chatbots/"
                + "example/config/", new byte[0], 404);
        add(Route.ACCOUNT_CHATBOT_CONFIG, "the chatbot under another account", "POST", "/api/v1/accounts/"
                + "2718-2818-2845/chatbots/example/config/", new byte[0], 404);
        add(Route.ACCOUNT_CHATBOT_PROMPT, "GET", "GET", ACCOUNT_CHATBOT + "prompt/", new byte[0], 405);
    }

    // ----------------------------------------------------------------------------------------------- building

    /** Where each endpoint that reads a JSON body is reached with an otherwise acceptable request. */
    private Map<Route, String> jsonBodyTargets() {
        Map<Route, String> targets = new LinkedHashMap<>();
        targets.put(Route.CHATBOT_CONFIG, CHATBOT + "config/");
        targets.put(Route.CHATBOT_PROMPT_CONFIG, CHATBOT + "prompt/config/");
        targets.put(Route.ACCOUNT_CHATBOT_CONFIG, ACCOUNT_CHATBOT + "config/");
        targets.put(Route.ACCOUNT_CHATBOT_PROMPT, ACCOUNT_CHATBOT + "prompt/");
        targets.put(Route.NATIVE_PROMPT, NATIVE + "prompt");
        targets.put(Route.NATIVE_SESSION_PROMPT, NATIVE + "sessions/" + keys.exampleSession() + "/prompt");
        targets.put(Route.CLI_CHAT, CLI + "chat/example/?uid=corpus");
        targets.put(Route.CLI_PROMPT, CLI + "prompt/example/?uid=corpus");
        targets.put(Route.CLI_CHAT_CONFIG, CLI + "chat/config/example/");
        targets.put(Route.CLI_APPLY, CLI + "apply/");
        return targets;
    }

    private String[] authorisationFor(Route route) {
        return route.name().startsWith("CLI_") ? new String[] {tokenA} : new String[0];
    }

    private void cli(Route route, String name, String path, String json, int expected) {
        this.json(route, name, "POST", CLI + path, json, expected, tokenA);
    }

    private void json(Route route, String name, String method, String target, String json, int expected,
                      String... headers) {
        List<String> all = new ArrayList<>(List.of(JSON));
        all.addAll(List.of(headers));
        add(route, name, method, target, bytes(json), expected, all.toArray(String[]::new));
    }

    private void add(Route route, String name, String method, String target, byte[] body, int expected,
                     String... headers) {
        String requestLine = target == null ? method + " HTTP/1.1" : method + " " + target + " HTTP/1.1";
        requests.add(new BadRequest(route, name, requestLine, List.of(headers), body, expected));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(String text) {
        return text.getBytes(StandardCharsets.UTF_16); // with its byte order mark
    }

    private static byte[] concat(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(before));
        out.writeBytes(raw);
        out.writeBytes(bytes(after));
        return out.toByteArray();
    }
}
