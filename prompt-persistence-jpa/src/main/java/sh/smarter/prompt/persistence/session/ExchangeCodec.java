package sh.smarter.prompt.persistence.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongFunction;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonBool;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.TokenUsage;

/**
 * Provider exchanges stored by reference (the {@code exchanges} column of {@code turns}). A request repeats the
 * session's messages, so each element of its {@code messages} that is exactly a stored message (as
 * {@link ChatRequest#messageJson} renders it, members in the same order) is kept as that message's seq; a stretch of
 * such elements becomes one string of seqs ({@link SeqSequence}), about a dozen bytes for a whole context window
 * whose user and assistant messages lie between the session's status lines. An element that is a stored message
 * but for part of its content (the system message, whose date line says the time of each turn, and to which a
 * selected plugin adds its role) is kept as {@code [seq, before, from, to, after]}: that content is {@code before}
 * + the stored content's chars {@code [from, to)} + {@code after}. Its {@code tools} are kept once per distinct set
 * in {@code tool_sets} and named by their SHA-256. A response's {@code content} that is exactly a stored assistant
 * message becomes its seq, and a {@code usage} that says no more than the stored token counts becomes {@code true}.
 * Everything else stays as it was, so every request and response reads back equal to what was exchanged, member
 * order included, however unusual it is. Decoding replaces the references in place; it also reads the forms
 * earlier versions wrote (a seq run as {@code [first, last]}).
 */
final class ExchangeCodec {
    private static final HexFormat HEX = HexFormat.of();
    /** Shorter shared content is kept as it is: a reference would save little. */
    private static final int MIN_SHARED_CONTENT = 32;
    /** {@code [seq, before, from, to, after]}; a seq run of earlier versions has two elements. */
    private static final int DIFF_SIZE = 5;
    /** Members whose values a chatbot's configuration fixes: they stay in a stored shape (see {@link #shape}). */
    private static final Set<String> SHAPE_KEYS = Set.of("round", "provider", "model", "object", "role",
            "finish_reason", "index", "type", "tool_choice", "temperature", "max_completion_tokens", "max_tokens",
            "top_p", "n", "stream", "tools");
    /** Where a shape had a value. */
    private static final JsonString HOLE = new JsonString("\u0000");
    /**
     * Tool sets and shapes met lately, with their texts and hashes: a chatbot offers the same tools and stores the
     * same shape turn after turn, and writing and hashing them each time was a quarter of the encoding's CPU time.
     * Emptied when full; a miss only costs the work again.
     */
    private static final BoundedMemo<Json, HashedText> RECENT_TOOL_SETS = new BoundedMemo<>(256);
    private static final BoundedMemo<String, String> RECENT_SHAPES = new BoundedMemo<>(256);

    private ExchangeCodec() {
    }

    /** The stored messages a turn's requests may repeat, found by their rendering. */
    static final class Candidates {
        private record Rendered(JsonObject json, long seq, String content) {
        }

        /** Messages of equal rendering, by seq: identical answers are common, and each has its own seq. */
        private final Map<JsonObject, TreeMap<Long, Rendered>> byRendering = new HashMap<>();
        private final Map<String, Long> assistantByContent = new HashMap<>();
        private final TreeMap<Long, Rendered> systems = new TreeMap<>();

        void add(Message message) {
            if (message.role().isInternal()) {
                return;
            }
            JsonObject json = ChatRequest.messageJson(message.draft());
            Rendered rendered = new Rendered(json, message.seq(), message.content());
            byRendering.computeIfAbsent(json, j -> new TreeMap<>()).put(message.seq(), rendered);
            if (message.role() == Role.ASSISTANT && message.content() != null) {
                assistantByContent.put(message.content(), message.seq());
            }
            if (message.role() == Role.SYSTEM && message.content() != null) {
                systems.put(message.seq(), rendered);
            }
        }

        void addAll(Iterable<Message> messages) {
            messages.forEach(this::add);
        }

        /**
         * The seq of a stored message rendered exactly as {@code item}, or -1: the first after {@code after} where
         * several are (a window lists messages in seq order, so its seqs then step evenly), else the newest.
         */
        long seqOf(Json item, long after) {
            if (!(item instanceof JsonObject object)) {
                return -1;
            }
            TreeMap<Long, Rendered> equal = byRendering.get(object);
            if (equal == null) {
                return -1;
            }
            Map.Entry<Long, Rendered> next = equal.higherEntry(after);
            Rendered rendered = next != null ? next.getValue() : equal.lastEntry().getValue();
            // Equal members in another order (or a number spelled otherwise) is another text: only the same counts.
            return sameText(object, rendered.json()) ? rendered.seq() : -1;
        }

        /**
         * {@code [seq, before, from, to, after]} for an item that is a stored system message but for its content,
         * which holds a long stretch of the stored one (all of it after the first line); null when none is.
         */
        JsonArray contentDiff(Json item) {
            if (!(item instanceof JsonObject object) || !(object.get("content") instanceof JsonString text)) {
                return null;
            }
            for (Rendered system : systems.descendingMap().values()) {
                if (!sameButContent(object, system.json())) {
                    continue;
                }
                String stored = system.content();
                int from = stored.indexOf('\n') + 1;
                if (stored.length() - from < MIN_SHARED_CONTENT) {
                    continue;
                }
                int at = text.value().indexOf(stored.substring(from));
                if (at < 0) {
                    continue;
                }
                int end = at + stored.length() - from;
                return JsonArray.of(JsonNumber.of(system.seq()), new JsonString(text.value().substring(0, at)),
                        JsonNumber.of(from), JsonNumber.of(stored.length()),
                        new JsonString(text.value().substring(end)));
            }
            return null;
        }

        private static boolean sameButContent(JsonObject item, JsonObject rendered) {
            if (!List.copyOf(item.keys()).equals(List.copyOf(rendered.keys()))) {
                return false;
            }
            for (String key : item.keys()) {
                if (!key.equals("content") && !(item.get(key).equals(rendered.get(key))
                        && sameText(item.get(key), rendered.get(key)))) {
                    return false;
                }
            }
            return rendered.get("content") instanceof JsonString;
        }
    }

    /**
     * What a turn's exchanges become.
     *
     * @param json     the column's text
     * @param toolSets the texts it names by hash, to be stored once each in {@code tool_sets}: its tool sets and
     *                 its shape
     */
    record Encoded(String json, Map<String, String> toolSets) {
    }

    static Encoded encode(List<ProviderExchange> exchanges, Candidates candidates) {
        Map<String, String> toolSets = new LinkedHashMap<>();
        JsonArray.Builder stored = JsonArray.builder();
        for (ProviderExchange exchange : exchanges) {
            JsonObject.Builder element = JsonObject.builder()
                    .put("round", exchange.round())
                    .putIfNotNull("provider", exchange.provider())
                    .putIfNotNull("model", exchange.model())
                    .put("usage", JsonArray.of(JsonNumber.of(exchange.usage().promptTokens()),
                            JsonNumber.of(exchange.usage().completionTokens()),
                            JsonNumber.of(exchange.usage().totalTokens())))
                    .put("latency_ms", exchange.latencyMillis())
                    .putIfNotNull("error", exchange.error())
                    .put("created_at", SessionRows.microseconds(exchange.createdAt()).toString());
            JsonObject request = exchange.request();
            JsonObject encodedRequest = encodeRequest(request, candidates, toolSets);
            if (encodedRequest != null) {
                element.put("request_refs", encodedRequest);
            } else {
                element.put("request", request);
            }
            if (exchange.response() != null) {
                element.put("response_refs", encodeResponse(exchange.response(), exchange.usage(), candidates));
            }
            stored.add(element.build());
        }
        List<Json> values = new ArrayList<>();
        String shape = shape(stored.build(), null, values).toJson();
        String hash = RECENT_SHAPES.computeIfAbsent(shape, ExchangeCodec::sha256);
        toolSets.put(hash, shape);
        String column = JsonObject.builder().put("shape", hash)
                .put("values", JsonArray.of(values.toArray(Json[]::new))).build().toJson();
        return new Encoded(column, toolSets);
    }

    /**
     * The exchanges with every string and number replaced by {@link #HOLE} and collected in {@code values}, in
     * order, except the values of {@link #SHAPE_KEYS}, which stay: what is left is the same turn after turn for a
     * chatbot, so it is stored once. A string that is {@link #HOLE} itself always goes to the values.
     */
    private static Json shape(Json value, String key, List<Json> values) {
        if (value instanceof JsonObject object) {
            JsonObject.Builder shape = JsonObject.builder();
            object.members().forEach((k, v) -> shape.put(k, shape(v, k, values)));
            return shape.build();
        }
        if (value instanceof JsonArray array) {
            JsonArray.Builder shape = JsonArray.builder();
            for (Json item : array) {
                shape.add(shape(item, key, values));
            }
            return shape.build();
        }
        if ((value instanceof JsonString || value instanceof JsonNumber)
                && (key == null || !SHAPE_KEYS.contains(key) || value.equals(HOLE))) {
            values.add(value);
            return HOLE;
        }
        return value;
    }

    /** The shape hashes that stored columns name; columns written before shapes name none. */
    static Set<String> shapes(List<String> columns) {
        Set<String> hashes = new TreeSet<>();
        for (String column : columns) {
            if (Json.parse(column) instanceof JsonObject shaped) {
                hashes.add(shaped.string("shape").orElseThrow());
            }
        }
        return hashes;
    }

    /** A stored column as an array of exchanges with references, its shape filled with its values. */
    static String expanded(String column, Function<String, String> shapes) {
        if (!(Json.parse(column) instanceof JsonObject shaped)) {
            return column;
        }
        String hash = shaped.string("shape").orElseThrow();
        String shape = shapes.apply(hash);
        if (shape == null) {
            throw new IllegalStateException("exchange shape " + hash + " is missing from tool_sets");
        }
        Iterator<Json> values = shaped.array("values").orElseThrow().iterator();
        Json filled = fill(Json.parse(shape), values);
        if (values.hasNext()) {
            throw new IllegalStateException("stored exchanges hold more values than their shape " + hash);
        }
        return filled.toJson();
    }

    private static Json fill(Json shape, Iterator<Json> values) {
        if (shape instanceof JsonObject object) {
            JsonObject.Builder filled = JsonObject.builder();
            object.members().forEach((k, v) -> filled.put(k, fill(v, values)));
            return filled.build();
        }
        if (shape instanceof JsonArray array) {
            JsonArray.Builder filled = JsonArray.builder();
            for (Json item : array) {
                filled.add(fill(item, values));
            }
            return filled.build();
        }
        return shape.equals(HOLE) ? values.next() : shape;
    }

    /** Null when the request has a shape this encoding does not cover: it is then stored as it is. */
    private static JsonObject encodeRequest(JsonObject request, Candidates candidates, Map<String, String> toolSets) {
        Json messages = request.get("messages");
        // A request without tools (a chatbot that offers none) is encoded too; get() would say JSON null.
        Json tools = request.members().get("tools");
        if (!(messages instanceof JsonArray items) || (tools != null && !(tools instanceof JsonArray))) {
            return null;
        }
        JsonArray.Builder refs = JsonArray.builder();
        List<Long> seqs = new ArrayList<>();
        long previous = 0;
        for (Json item : items) {
            if (!(item instanceof JsonObject)) {
                return null;
            }
            long seq = candidates.seqOf(item, previous);
            if (seq > 0) {
                seqs.add(seq);
                previous = seq;
                continue;
            }
            addSeqs(refs, seqs);
            JsonArray diff = candidates.contentDiff(item);
            refs.add(diff != null ? diff : item);
        }
        addSeqs(refs, seqs);
        JsonObject.Builder encoded = JsonObject.builder();
        for (Map.Entry<String, Json> member : request.members().entrySet()) {
            if (member.getKey().equals("messages")) {
                encoded.put("messages", refs.build());
            } else if (member.getKey().equals("tools")) {
                HashedText toolSet = hashed(member.getValue());
                toolSets.put(toolSet.hash(), toolSet.text());
                encoded.put("tools", toolSet.hash());
            } else {
                encoded.put(member.getKey(), member.getValue());
            }
        }
        return encoded.build();
    }

    /** One seq as a number, several as one string; the list is emptied. */
    private static void addSeqs(JsonArray.Builder refs, List<Long> seqs) {
        if (seqs.size() == 1) {
            refs.add(JsonNumber.of(seqs.get(0)));
        } else if (!seqs.isEmpty()) {
            refs.add(new JsonString(SeqSequence.encode(seqs)));
        }
        seqs.clear();
    }

    /** The response with an assistant content that is stored replaced by its seq, and a plain usage by true. */
    private static JsonObject encodeResponse(JsonObject response, TokenUsage usage, Candidates candidates) {
        JsonObject.Builder encoded = JsonObject.builder();
        for (Map.Entry<String, Json> member : response.members().entrySet()) {
            Json value = member.getValue();
            if (member.getKey().equals("choices") && value instanceof JsonArray choices) {
                JsonArray.Builder list = JsonArray.builder();
                for (Json choice : choices) {
                    list.add(encodeChoice(choice, candidates));
                }
                value = list.build();
            } else if (member.getKey().equals("usage") && isPlainUsage(value, usage)) {
                value = JsonBool.TRUE;
            } else if (member.getKey().equals("usage") && value instanceof JsonBool) {
                // A literal true would read back as the stored counts: wrap it so it stays what it was.
                value = JsonArray.of(value);
            }
            encoded.put(member.getKey(), value);
        }
        return encoded.build();
    }

    private static Json encodeChoice(Json choice, Candidates candidates) {
        if (!(choice instanceof JsonObject object) || !(object.get("message") instanceof JsonObject message)) {
            return choice;
        }
        Json content = message.get("content");
        if (content instanceof JsonNumber) {
            // A number where text belongs would read back as a reference: wrap it.
            return replaceMember(object, "message", replaceMember(message, "content", JsonArray.of(content)));
        }
        if (!(content instanceof JsonString text)) {
            return choice;
        }
        Long seq = candidates.assistantByContent.get(text.value());
        if (seq == null) {
            return choice;
        }
        return replaceMember(object, "message", replaceMember(message, "content", JsonNumber.of(seq)));
    }

    private static boolean isPlainUsage(Json value, TokenUsage usage) {
        return value instanceof JsonObject object && object.keys().equals(Set.of("prompt_tokens",
                "completion_tokens", "total_tokens"))
                && List.copyOf(object.keys()).equals(List.of("prompt_tokens", "completion_tokens", "total_tokens"))
                && plainUsage(usage).toJson().equals(object.toJson());
    }

    private static JsonObject plainUsage(TokenUsage usage) {
        return JsonObject.builder().put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens()).put("total_tokens", usage.totalTokens()).build();
    }

    private static JsonObject replaceMember(JsonObject object, String key, Json value) {
        JsonObject.Builder copy = JsonObject.builder();
        object.members().forEach((k, v) -> copy.put(k, k.equals(key) ? value : v));
        return copy.build();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The message seqs and tool set hashes a stored column names, to be read before decoding. */
    record Needs(Set<Long> seqs, Set<String> toolSets) {
    }

    static Needs needs(List<String> columns) {
        Set<Long> seqs = new TreeSet<>();
        Set<String> hashes = new TreeSet<>();
        for (String column : columns) {
            for (Json element : (JsonArray) Json.parse(column)) {
                JsonObject exchange = (JsonObject) element;
                exchange.object("request_refs").ifPresent(request -> {
                    for (Json ref : request.array("messages").orElse(JsonArray.EMPTY)) {
                        seqs.addAll(referencedSeqs(ref));
                    }
                    request.string("tools").ifPresent(hashes::add);
                });
                exchange.object("response_refs").flatMap(r -> r.array("choices")).ifPresent(choices -> {
                    for (Json choice : choices) {
                        if (choice instanceof JsonObject c && c.get("message") instanceof JsonObject m
                                && m.get("content") instanceof JsonNumber seq) {
                            seqs.add(seq.longValue());
                        }
                    }
                });
            }
        }
        return new Needs(seqs, hashes);
    }

    /** The exchanges of one turn, oldest first, with every reference replaced by what it names. */
    static List<ProviderExchange> decode(String turnId, String column, LongFunction<Message> messages,
                                         Function<String, String> toolSets) {
        List<ProviderExchange> exchanges = new ArrayList<>();
        for (Json element : (JsonArray) Json.parse(column)) {
            JsonObject stored = (JsonObject) element;
            JsonArray usage = stored.array("usage").orElseThrow();
            TokenUsage tokens = new TokenUsage(((JsonNumber) usage.get(0)).longValue(),
                    ((JsonNumber) usage.get(1)).longValue(), ((JsonNumber) usage.get(2)).longValue());
            JsonObject request = stored.object("request_refs")
                    .map(refs -> decodeRequest(refs, messages, toolSets))
                    .orElseGet(() -> stored.object("request").orElseThrow());
            JsonObject response = stored.object("response_refs")
                    .map(refs -> decodeResponse(refs, tokens, messages)).orElse(null);
            exchanges.add(new ProviderExchange(turnId, (int) stored.number("round").orElseThrow().longValue(),
                    stored.string("provider").orElse(null), stored.string("model").orElse(null), request, response,
                    tokens, stored.number("latency_ms").orElseThrow().longValue(),
                    stored.string("error").orElse(null), Instant.parse(stored.string("created_at").orElseThrow())));
        }
        return exchanges;
    }

    private static JsonObject decodeRequest(JsonObject refs, LongFunction<Message> messages,
                                            Function<String, String> toolSets) {
        JsonObject.Builder request = JsonObject.builder();
        for (Map.Entry<String, Json> member : refs.members().entrySet()) {
            if (member.getKey().equals("messages")) {
                JsonArray.Builder list = JsonArray.builder();
                for (Json ref : (JsonArray) member.getValue()) {
                    if (ref instanceof JsonArray diff && diff.size() == DIFF_SIZE) {
                        list.add(withContentDiff(messages, diff));
                    } else if (ref instanceof JsonObject inline) {
                        list.add(inline);
                    } else {
                        for (long seq : referencedSeqs(ref)) {
                            list.add(rendered(messages, seq));
                        }
                    }
                }
                request.put("messages", list.build());
            } else if (member.getKey().equals("tools")) {
                String hash = ((JsonString) member.getValue()).value();
                String tools = toolSets.apply(hash);
                if (tools == null) {
                    throw new IllegalStateException("tool set " + hash + " is missing from tool_sets");
                }
                request.put("tools", Json.parse(tools));
            } else {
                request.put(member.getKey(), member.getValue());
            }
        }
        return request.build();
    }

    /** The seqs a reference in a request's messages names, in order; none for an inline message. */
    private static List<Long> referencedSeqs(Json ref) {
        if (ref instanceof JsonNumber seq) {
            return List.of(seq.longValue());
        }
        if (ref instanceof JsonString sequence) {
            return SeqSequence.decode(sequence.value());
        }
        if (ref instanceof JsonArray array && array.size() == DIFF_SIZE) {
            return List.of(((JsonNumber) array.get(0)).longValue());
        }
        if (ref instanceof JsonArray run) {
            List<Long> seqs = new ArrayList<>();
            for (long s = ((JsonNumber) run.get(0)).longValue(); s <= ((JsonNumber) run.get(1)).longValue(); s++) {
                seqs.add(s);
            }
            return seqs;
        }
        return List.of();
    }

    private static JsonObject withContentDiff(LongFunction<Message> messages, JsonArray diff) {
        long seq = ((JsonNumber) diff.get(0)).longValue();
        Message message = messages.apply(seq);
        if (message == null || message.content() == null) {
            throw new IllegalStateException("message " + seq + " named by a stored request is missing");
        }
        String content = ((JsonString) diff.get(1)).value()
                + message.content().substring((int) ((JsonNumber) diff.get(2)).longValue(),
                (int) ((JsonNumber) diff.get(3)).longValue())
                + ((JsonString) diff.get(4)).value();
        return replaceMember(ChatRequest.messageJson(message.draft()), "content", new JsonString(content));
    }

    private static JsonObject rendered(LongFunction<Message> messages, long seq) {
        Message message = messages.apply(seq);
        if (message == null) {
            throw new IllegalStateException("message " + seq + " named by a stored request is missing");
        }
        return ChatRequest.messageJson(message.draft());
    }

    private static JsonObject decodeResponse(JsonObject refs, TokenUsage usage, LongFunction<Message> messages) {
        JsonObject.Builder response = JsonObject.builder();
        for (Map.Entry<String, Json> member : refs.members().entrySet()) {
            Json value = member.getValue();
            if (member.getKey().equals("choices") && value instanceof JsonArray choices) {
                JsonArray.Builder list = JsonArray.builder();
                for (Json choice : choices) {
                    list.add(decodeChoice(choice, messages));
                }
                value = list.build();
            } else if (member.getKey().equals("usage") && value instanceof JsonBool) {
                value = plainUsage(usage);
            } else if (member.getKey().equals("usage") && value instanceof JsonArray wrapped) {
                value = wrapped.get(0);
            }
            response.put(member.getKey(), value);
        }
        return response.build();
    }

    private static Json decodeChoice(Json choice, LongFunction<Message> messages) {
        if (!(choice instanceof JsonObject object) || !(object.get("message") instanceof JsonObject message)) {
            return choice;
        }
        Json content = message.get("content");
        if (content instanceof JsonNumber seq) {
            Message stored = messages.apply(seq.longValue());
            if (stored == null) {
                throw new IllegalStateException("message " + seq + " named by a stored response is missing");
            }
            return replaceMember(object, "message", replaceMember(message, "content",
                    new JsonString(stored.content())));
        }
        if (content instanceof JsonArray wrapped) {
            return replaceMember(object, "message", replaceMember(message, "content", wrapped.get(0)));
        }
        return choice;
    }

    // ------------------------------------------------------------------------------------------------ support

    /** A value's text and that text's SHA-256. */
    private record HashedText(Json value, String text, String hash) {
    }

    /** {@code tools} as text with its hash; one met before is reused only if it would be written alike. */
    private static HashedText hashed(Json tools) {
        HashedText known = RECENT_TOOL_SETS.get(tools);
        if (known != null && sameText(known.value(), tools)) {
            return known;
        }
        String text = tools.toJson();
        HashedText fresh = new HashedText(tools, text, sha256(text));
        RECENT_TOOL_SETS.put(tools, fresh);
        return fresh;
    }

    static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * True when two values that are equal would also be written alike: object members in the same order and numbers
     * spelled alike (2 and 2.0 are equal, but are not the same text), all the way down.
     */
    static boolean sameText(Json a, Json b) {
        if (a == b) {
            // One rendering met twice (ChatRequest.messageJson remembers the window's messages).
            return true;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<Map.Entry<String, Json>> i = x.members().entrySet().iterator();
            Iterator<Map.Entry<String, Json>> j = y.members().entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<String, Json> left = i.next();
                Map.Entry<String, Json> right = j.next();
                if (!left.getKey().equals(right.getKey()) || !sameText(left.getValue(), right.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonArray x && b instanceof JsonArray y) {
            Iterator<Json> i = x.iterator();
            Iterator<Json> j = y.iterator();
            while (i.hasNext() && j.hasNext()) {
                if (!sameText(i.next(), j.next())) {
                    return false;
                }
            }
            return i.hasNext() == j.hasNext();
        }
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            // BigDecimal's equals, unlike JsonNumber's, tells 2 from 2.0 and 100 from 1E+2.
            return x.value().equals(y.value());
        }
        return true;
    }
}
