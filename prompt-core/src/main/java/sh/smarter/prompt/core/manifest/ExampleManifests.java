package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.tool.Calculator;
import sh.smarter.prompt.core.tool.DateCalculator;

/**
 * A complete example manifest of each kind, built from domain values and written by {@link ManifestWriter} so that
 * it is valid by construction. They fit together: the chatbot uses the static plugin, the SQL and API plugins use
 * the example connections. Secrets come from environment variables, so the examples hold none.
 */
public final class ExampleManifests {
    static final String STATIC_PLUGIN = "course_catalogue";
    static final String SQL_CONNECTION = "course_db";
    static final String API_CONNECTION = "course_api";

    private static final Instant EPOCH = Instant.EPOCH;

    private ExampleManifests() {
    }

    public static JsonObject of(ResourceKind kind) {
        return switch (kind) {
            case ACCOUNT -> ManifestWriter.account(
                    new Account(0, new AccountNumber("3141-5926-5359"), "Example Learning Co", EPOCH));
            case CHATBOT -> ManifestWriter.chatbot(chatbot());
            case PLUGIN -> ManifestWriter.plugin(staticPlugin());
            case SQL_PLUGIN -> ManifestWriter.plugin(sqlPlugin());
            case API_PLUGIN -> ManifestWriter.plugin(apiPlugin());
            case SQL_CONNECTION -> ManifestWriter.sqlConnection(new SqlConnection(0, 0, SQL_CONNECTION,
                    "jdbc:mysql://db.example.com:3306/courses", "course_reader", Secret.env("COURSE_DB_PASSWORD"),
                    10, EPOCH, EPOCH));
            case API_CONNECTION -> ManifestWriter.apiConnection(new ApiConnection(0, 0, API_CONNECTION,
                    "https://api.example.com", "bearer", null, Secret.env("COURSE_API_KEY"), 10, EPOCH, EPOCH));
            case PROVIDER -> ManifestWriter.provider(new ProviderSettings(0, 0, "local_ollama",
                    "http://localhost:11434/v1/", Secret.NONE, "llama3.2", false, EPOCH, EPOCH));
        };
    }

    private static Chatbot chatbot() {
        return Chatbot.builder("example")
                .description("Answers questions about our courses, and does sums and date arithmetic")
                .version("1.0.0")
                .provider("openai")
                .defaultModel("gpt-4o-mini")
                .defaultSystemRole("You are a friendly course advisor for Example Learning Co. Answer briefly and"
                        + " say so when you do not know.")
                .defaultTemperature(0.5)
                .defaultMaxTokens(2048)
                .appName("Course Advisor")
                .appAssistant("Ada")
                .appWelcomeMessage("Welcome! Ask me about our courses.")
                .appExamplePrompts(List.of("Which beginner courses do you offer?", "What is 15% of 480?",
                        "How many days until 2026-12-24?"))
                .appPlaceholder("Ask me anything about our courses...")
                .appInfoUrl("https://example.com/courses")
                .appFileAttachment(false)
                .deployed(true)
                .functions(List.of(Calculator.NAME, DateCalculator.NAME))
                .plugins(List.of(STATIC_PLUGIN))
                .build();
    }

    private static Plugin staticPlugin() {
        JsonObject answers = JsonObject.builder()
                .put("courses", JsonArray.of(
                        course("Python for Beginners", "beginner", 6, 199),
                        course("Web Development with React", "intermediate", 8, 349),
                        course("Machine Learning Foundations", "advanced", 10, 499)))
                .put("enrollment", "Enroll at https://example.com/enroll; courses start on the first Monday of"
                        + " each month.")
                .put("contact", JsonObject.builder()
                        .put("email", "courses@example.com")
                        .put("phone", "+1 555 0100")
                        .build())
                .build();
        return new Plugin(0, 0, STATIC_PLUGIN, "Facts about Example Learning Co's courses: titles, levels,"
                + " duration, cost, enrollment and contact details.", "1.0.0",
                PluginSelector.searchTerms(List.of("course", "courses", "catalogue", "enroll", "enrollment")),
                new PromptOverrides("When asked about courses, use the course catalogue tool and quote prices in"
                        + " US dollars.", null, null, null),
                List.of(), new PluginData.StaticData(answers), EPOCH, EPOCH);
    }

    private static JsonObject course(String title, String level, int weeks, int costInDollars) {
        return JsonObject.builder()
                .put("title", title)
                .put("level", level)
                .put("weeks", weeks)
                .put("cost", costInDollars)
                .build();
    }

    private static Plugin sqlPlugin() {
        return new Plugin(0, 0, "course_search", "Searches the course database by topic and maximum cost.",
                "1.0.0", PluginSelector.searchTerms(List.of("course", "courses", "class", "price", "cost")),
                new PromptOverrides("Use the course search tool to look up current courses and prices.", null, 0.3,
                        null),
                List.of(new PluginParameter("topic", "string", "A word from the course title, such as Python",
                                false, List.of(), null),
                        new PluginParameter("max_cost", "number", "The highest price in US dollars", false,
                                List.of(), null)),
                new PluginData.SqlData(SQL_CONNECTION, "SELECT title, level, weeks, cost FROM courses"
                        + " WHERE ({topic} IS NULL OR title LIKE CONCAT('%', {topic}, '%'))"
                        + " AND ({max_cost} IS NULL OR cost <= {max_cost}) ORDER BY title", 10),
                EPOCH, EPOCH);
    }

    private static Plugin apiPlugin() {
        return new Plugin(0, 0, "course_lookup", "Looks up a course's schedule and open seats by course code.",
                "1.0.0", PluginSelector.searchTerms(List.of("schedule", "seats", "start date")),
                PromptOverrides.NONE,
                List.of(new PluginParameter("code", "string", "The course code, such as PY101", true, List.of(),
                        null)),
                new PluginData.ApiData(API_CONNECTION, "/v1/courses/schedule", "GET",
                        Map.of("Accept", "application/json")),
                EPOCH, EPOCH);
    }
}
