package sh.smarter.prompt.providers.weather;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.WeatherService;
import sh.smarter.prompt.core.tool.WeatherUnit;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * {@code get_current_weather} on Open-Meteo (no key needed): the geocoding API finds the place, the forecast API
 * gives current conditions and the next 24 hours. USCS values are converted by Open-Meteo itself (°F, mph, inch).
 * The result keeps the original system's shape and key names:
 * <pre>{"location", "latitude", "longitude", "unit", "units": {...}, "current": {...},
 *  "forecast": [24 × {"date": "YYYY-MM-DD HH:MM", "temperature_2m", "precipitation", "snowfall", "weathercode",
 *  "windspeed_10m", "winddirection_10m", "windgusts_10m", "cloudcover"}]}</pre>
 * Every problem (unknown place, service down, timeout) is returned as {@code {"error": "..."}}.
 */
public final class OpenMeteoWeatherService implements WeatherService {
    private static final Logger LOG = LoggerFactory.getLogger(OpenMeteoWeatherService.class);
    private static final long MAX_RESPONSE_BYTES = 2L * 1024 * 1024;
    private static final int FORECAST_HOURS = 24;

    /** Open-Meteo's current variable names, and the names the original result used for them. */
    private static final Map<String, String> VARIABLES = variables();

    /**
     * @param geocodingBase e.g. https://geocoding-api.open-meteo.com (tests point it at a local fake)
     * @param forecastBase  e.g. https://api.open-meteo.com
     * @param timeout       per HTTP call, for the whole answer
     */
    public record Settings(String geocodingBase, String forecastBase, Duration timeout) {
        public static final Settings DEFAULTS = new Settings("https://geocoding-api.open-meteo.com",
                "https://api.open-meteo.com", Duration.ofSeconds(10));

        public Settings {
            geocodingBase = withoutTrailingSlash(Objects.requireNonNull(geocodingBase, "geocodingBase"));
            forecastBase = withoutTrailingSlash(Objects.requireNonNull(forecastBase, "forecastBase"));
            Objects.requireNonNull(timeout, "timeout");
        }

        /** Both APIs on one base URL, as a local fake serves them. */
        public static Settings at(String baseUrl, Duration timeout) {
            return new Settings(baseUrl, baseUrl, timeout);
        }

        private static String withoutTrailingSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    private final Settings settings;
    private final HttpClient client;

    public OpenMeteoWeatherService() {
        this(Settings.DEFAULTS);
    }

    public OpenMeteoWeatherService(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Json currentWeather(String location, WeatherUnit unit) {
        try {
            Optional<Place> place = geocode(location);
            if (place.isEmpty() && location.contains(",")) {
                // "Dallas, TX": older geocoders match the bare city name only.
                place = geocode(location.substring(0, location.indexOf(',')).strip());
            }
            if (place.isEmpty()) {
                return BuiltInFunction.error("no place called " + location + " was found");
            }
            return weatherAt(place.get(), unit);
        } catch (Unavailable e) {
            LOG.warn("weather lookup for {} failed: {}", location, e.getMessage());
            return BuiltInFunction.error("the weather service is unavailable: " + e.getMessage());
        }
    }

    private record Place(String displayName, JsonNumber latitude, JsonNumber longitude) {
    }

    private Optional<Place> geocode(String name) throws Unavailable {
        if (name.length() < 2) {
            return Optional.empty();
        }
        JsonObject answer = getJson("geocoding", settings.geocodingBase() + "/v1/search?" + query(ordered(
                "name", name, "count", "1", "language", "en", "format", "json")));
        Optional<JsonObject> first = answer.array("results").filter(results -> !results.isEmpty())
                .map(results -> results.get(0)).filter(JsonObject.class::isInstance).map(JsonObject.class::cast);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        JsonObject result = first.get();
        Optional<JsonNumber> latitude = result.number("latitude");
        Optional<JsonNumber> longitude = result.number("longitude");
        if (latitude.isEmpty() || longitude.isEmpty()) {
            throw new Unavailable("geocoding answered a place without coordinates");
        }
        String display = List.of("name", "admin1", "country").stream()
                .map(key -> result.string(key).orElse(""))
                .filter(part -> !part.isBlank())
                .distinct()
                .collect(Collectors.joining(", "));
        return Optional.of(new Place(display.isEmpty() ? name : display, latitude.get(), longitude.get()));
    }

    private JsonObject weatherAt(Place place, WeatherUnit unit) throws Unavailable {
        String variables = String.join(",", VARIABLES.keySet());
        Map<String, String> parameters = ordered("latitude", place.latitude().toJson(),
                "longitude", place.longitude().toJson(), "current", variables, "hourly", variables,
                "forecast_hours", Integer.toString(FORECAST_HOURS), "timezone", "auto");
        if (unit == WeatherUnit.USCS) {
            parameters.put("temperature_unit", "fahrenheit");
            parameters.put("wind_speed_unit", "mph");
            parameters.put("precipitation_unit", "inch");
        }
        JsonObject answer = getJson("forecast", settings.forecastBase() + "/v1/forecast?" + query(parameters));
        JsonObject hourly = answer.object("hourly")
                .orElseThrow(() -> new Unavailable("forecast answered without hourly data"));
        JsonArray times = hourly.array("time").orElse(JsonArray.EMPTY);
        JsonArray.Builder forecast = JsonArray.builder();
        for (int hour = 0; hour < Math.min(FORECAST_HOURS, times.size()); hour++) {
            JsonObject.Builder row = JsonObject.builder().put("date", readableTime(times.get(hour)));
            for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
                JsonArray values = hourly.array(variable.getKey()).orElse(JsonArray.EMPTY);
                row.put(variable.getValue(), hour < values.size() ? values.get(hour) : null);
            }
            forecast.add(row.build());
        }
        JsonObject.Builder result = JsonObject.builder()
                .put("location", place.displayName())
                .put("latitude", place.latitude())
                .put("longitude", place.longitude())
                .put("unit", unit.name())
                .put("units", renamed(answer.object("hourly_units").orElse(JsonObject.EMPTY)));
        answer.object("current").ifPresent(current -> {
            JsonObject.Builder now = JsonObject.builder().put("time", readableTime(current.get("time")));
            renamed(current).members().forEach(now::put);
            result.put("current", now.build());
        });
        return result.put("forecast", forecast.build()).build();
    }

    /** Keeps the known variables of an Open-Meteo object, under the original result's key names. */
    private static JsonObject renamed(JsonObject values) {
        JsonObject.Builder renamed = JsonObject.builder();
        VARIABLES.forEach((apiName, resultName) -> {
            if (values.has(apiName)) {
                renamed.put(resultName, values.get(apiName));
            }
        });
        return renamed.build();
    }

    /** "2026-11-26T07:00" becomes "2026-11-26 07:00". */
    private static String readableTime(Json time) {
        return time.isNull() ? null : time.asText().replace('T', ' ');
    }

    private JsonObject getJson(String what, String url) throws Unavailable {
        URI uri = URI.create(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .version(HttpExchanges.versionFor(uri))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = HttpExchanges.send(client, request, BoundedBody.handler(MAX_RESPONSE_BYTES),
                    settings.timeout());
        } catch (HttpTimeoutException e) {
            throw new Unavailable(what + " did not answer within " + HttpExchanges.describe(settings.timeout()));
        } catch (IOException e) {
            throw new Unavailable(what + " could not be reached: " + HttpExchanges.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(what + " call was interrupted");
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (response.statusCode() / 100 != 2) {
            String body = BoundedBody.text(response.body(), contentType);
            String reason;
            try {
                reason = JacksonJson.parseObject(body).string("reason").orElse(body);
            } catch (IllegalArgumentException notJson) {
                reason = body;
            }
            throw new Unavailable(what + " answered HTTP " + response.statusCode()
                    + (reason.isBlank() ? "" : ": " + BoundedBody.excerpt(reason, 200)));
        }
        try {
            return JacksonJson.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            throw new Unavailable(what + " answered something that is not a JSON object");
        }
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String> variables() {
        return Collections.unmodifiableMap(ordered("temperature_2m", "temperature_2m",
                "precipitation", "precipitation", "snowfall", "snowfall", "weather_code", "weathercode",
                "wind_speed_10m", "windspeed_10m", "wind_direction_10m", "winddirection_10m",
                "wind_gusts_10m", "windgusts_10m", "cloud_cover", "cloudcover"));
    }

    /** Open-Meteo could not give an answer. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
