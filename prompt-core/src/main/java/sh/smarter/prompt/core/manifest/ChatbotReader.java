package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Chatbot;

/** Reads Chatbot manifests (and the older LLMClient ones): the configuration, functions and plugins. */
final class ChatbotReader {
    private ChatbotReader() {
    }

    static Chatbot chatbot(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, EnumSet.of(ResourceKind.CHATBOT), (kind, metadata, spec) -> {
            Chatbot.Builder chatbot = Chatbot.builder(metadata.name()).description(metadata.description())
                    .version(metadata.version()).createdAt(now).updatedAt(now);
            spec.object("config", config -> config(config, chatbot));
            chatbot.functions(functions(spec)).plugins(spec.names("plugins"));
            spec.ignore("apiKey");
            return spec.build(chatbot::build);
        });
    }

    private static Chatbot.Builder config(Fields config, Chatbot.Builder chatbot) {
        // Hosting details of the Smarter platform; this product serves chatbots under its own URLs.
        config.ignore("customDomain", "subdomain", "dnsVerificationStatus");
        chatbot.provider(config.optionalName("provider"))
                .defaultModel(config.string("defaultModel"))
                .defaultSystemRole(config.string("defaultSystemRole"));
        ifPresent(config.numberBetween("defaultTemperature", 0.0, 2.0), chatbot::defaultTemperature);
        ifPresent(config.positiveInteger("defaultMaxTokens"), chatbot::defaultMaxTokens);
        chatbot.dailyTokenBudget(config.positiveLong("dailyTokenBudget"));
        chatbot.appName(config.string("appName"))
                .appAssistant(config.string("appAssistant"))
                .appWelcomeMessage(config.string("appWelcomeMessage"))
                .appExamplePrompts(config.strings("appExamplePrompts"))
                .appPlaceholder(config.string("appPlaceholder"))
                .appInfoUrl(config.string("appInfoUrl"))
                .appBackgroundImageUrl(config.string("appBackgroundImageUrl"))
                .appLogoUrl(config.string("appLogoUrl"));
        ifPresent(config.bool("appFileAttachment"), chatbot::appFileAttachment);
        ifPresent(config.bool("deployed"), chatbot::deployed);
        ifPresent(config.bool("requiresApiKey"), chatbot::requiresApiKey);
        return chatbot.allowedOrigins(config.strings("allowedOrigins"));
    }

    private static List<String> functions(Fields spec) {
        List<String> functions = spec.strings("functions");
        for (int i = 0; functions != null && i < functions.size(); i++) {
            if (!ManifestReader.FUNCTIONS.contains(functions.get(i))) {
                throw PromptException.invalid(spec.elementPath("functions", i) + " must be one of "
                        + String.join(", ", ManifestReader.FUNCTIONS) + " (got " + functions.get(i) + ")");
            }
        }
        return functions;
    }

    private static <T> void ifPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
