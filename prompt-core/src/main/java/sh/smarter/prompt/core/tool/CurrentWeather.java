package sh.smarter.prompt.core.tool;

import java.util.Objects;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ToolDefinition;

/** The {@code get_current_weather} built-in: the schema is the original system's; the lookup is a port. */
public final class CurrentWeather implements BuiltInFunction {
    public static final String NAME = "get_current_weather";

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
            "Get the current weather and 24-hour forecast for a given location.",
            JsonObject.builder()
                    .put("type", "object")
                    .put("properties", JsonObject.builder()
                            .put("location", JsonObject.builder()
                                    .put("type", "string")
                                    .put("description", "The city and state, e.g. San Francisco, CA")
                                    .build())
                            .put("unit", JsonObject.builder()
                                    .put("type", "string")
                                    .put("enum", JsonArray.of(Json.of("METRIC"), Json.of("USCS")))
                                    .put("description",
                                            "Unit system for weather data. Defaults to celsius if not provided.")
                                    .build())
                            .build())
                    .put("required", JsonArray.of(Json.of("location")))
                    .put("additionalProperties", false)
                    .build());

    private final WeatherService weather;

    public CurrentWeather(WeatherService weather) {
        this.weather = Objects.requireNonNull(weather, "weather");
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public Json invoke(JsonObject arguments) {
        String location = arguments.string("location").map(String::strip).orElse("");
        if (location.isEmpty()) {
            return BuiltInFunction.error("location is required, for example \"Paris, France\"");
        }
        if (location.length() > 200) {
            return BuiltInFunction.error("location is too long");
        }
        var unit = WeatherUnit.parse(arguments.string("unit").orElse(null));
        if (unit.isEmpty()) {
            return BuiltInFunction.error("unit must be METRIC or USCS");
        }
        return weather.currentWeather(location, unit.get());
    }
}
