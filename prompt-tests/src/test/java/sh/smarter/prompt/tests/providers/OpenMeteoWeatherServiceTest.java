package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.tool.CurrentWeather;
import sh.smarter.prompt.core.tool.WeatherUnit;
import sh.smarter.prompt.providers.weather.OpenMeteoWeatherService;
import sh.smarter.prompt.tests.fake.FakeOpenMeteoServer;

/** get_current_weather against a local fake of Open-Meteo's geocoding and forecast APIs. */
class OpenMeteoWeatherServiceTest {
    private static final List<String> ROW_KEYS = List.of("date", "temperature_2m", "precipitation", "snowfall",
            "weathercode", "windspeed_10m", "winddirection_10m", "windgusts_10m", "cloudcover");

    private final FakeOpenMeteoServer openMeteo = FakeOpenMeteoServer.start();
    private final OpenMeteoWeatherService weather = new OpenMeteoWeatherService(
            OpenMeteoWeatherService.Settings.at(openMeteo.url(), Duration.ofSeconds(2)));

    @AfterEach
    void stop() {
        openMeteo.close();
    }

    private static JsonObject object(Json json) {
        assertThat(json).as("an object: %s", json).isInstanceOf(JsonObject.class);
        return (JsonObject) json;
    }

    private static JsonObject row(JsonObject result, int hour) {
        return (JsonObject) result.array("forecast").orElseThrow().get(hour);
    }

    private static double number(JsonObject object, String key) {
        return object.number(key).orElseThrow(() -> new AssertionError("no number " + key + " in " + object))
                .doubleValue();
    }

    @Test
    void metric_weather_has_the_place_current_conditions_and_24_hourly_rows() {
        JsonObject result = object(weather.currentWeather("Berlin", WeatherUnit.METRIC));

        assertThat(result.string("location")).contains("Berlin, Land Berlin, Germany");
        assertThat(number(result, "latitude")).isEqualTo(52.52437);
        assertThat(number(result, "longitude")).isEqualTo(13.41053);
        assertThat(result.string("unit")).contains("METRIC");
        JsonArray forecast = result.array("forecast").orElseThrow();
        assertThat(forecast).hasSize(24);
        assertThat(row(result, 0).keys()).containsExactlyElementsOf(ROW_KEYS);
        assertThat(row(result, 0).string("date")).contains("2026-11-26 07:00");
        assertThat(row(result, 23).string("date")).contains("2026-11-27 06:00");
        assertThat(number(row(result, 0), "temperature_2m")).isEqualTo(10.0);
        assertThat(number(row(result, 3), "temperature_2m")).isEqualTo(11.5);
        assertThat(number(row(result, 0), "windspeed_10m")).isEqualTo(16.09);
        assertThat(number(row(result, 0), "precipitation")).isEqualTo(1.2);
        assertThat(number(row(result, 5), "snowfall")).isEqualTo(2.54);
        assertThat(number(row(result, 0), "weathercode")).isEqualTo(61);
        assertThat(number(row(result, 2), "winddirection_10m")).isEqualTo(30);
        assertThat(number(row(result, 2), "cloudcover")).isEqualTo(52);
        JsonObject current = result.object("current").orElseThrow();
        assertThat(current.string("time")).contains("2026-11-26 07:00");
        assertThat(number(current, "temperature_2m")).isEqualTo(10.0);
        assertThat(result.object("units").orElseThrow().string("temperature_2m")).contains("°C");
    }

    @Test
    void uscs_weather_is_converted_to_fahrenheit_mph_and_inches() {
        JsonObject result = object(weather.currentWeather("Paris", WeatherUnit.USCS));

        assertThat(result.string("unit")).contains("USCS");
        assertThat(number(row(result, 0), "temperature_2m")).isEqualTo(50.0);
        assertThat(number(row(result, 10), "temperature_2m")).isEqualTo(59.0);
        assertThat(number(row(result, 0), "windspeed_10m")).isEqualTo(10.0);
        assertThat(number(row(result, 4), "windgusts_10m")).isEqualTo(28.0);
        assertThat(number(row(result, 0), "precipitation")).isEqualTo(0.05);
        assertThat(number(row(result, 5), "snowfall")).isEqualTo(1.0);
        assertThat(result.object("units").orElseThrow().string("temperature_2m")).contains("°F");
        FakeOpenMeteoServer.Request forecast = openMeteo.requests().get(1);
        assertThat(forecast.path()).isEqualTo("/v1/forecast");
        assertThat(forecast.query()).containsEntry("temperature_unit", "fahrenheit")
                .containsEntry("wind_speed_unit", "mph").containsEntry("precipitation_unit", "inch")
                .containsEntry("forecast_hours", "24").containsEntry("latitude", "48.85341");
    }

    @Test
    void city_and_state_falls_back_to_the_city_when_the_full_name_is_unknown() {
        JsonObject result = object(weather.currentWeather("San Francisco, CA", WeatherUnit.USCS));

        assertThat(result.string("location")).contains("San Francisco, California, United States");
        assertThat(openMeteo.requests()).extracting(r -> r.query().get("name"))
                .containsSequence("San Francisco, CA", "San Francisco");
    }

    @Test
    void an_unknown_place_is_an_error_the_model_can_read() {
        Json result = weather.currentWeather("Atlantis", WeatherUnit.METRIC);

        assertThat(result).isEqualTo(Json.parse("{\"error\":\"no place called Atlantis was found\"}"));
        assertThat(openMeteo.requests()).extracting(FakeOpenMeteoServer.Request::path).containsExactly("/v1/search");
    }

    @Test
    void a_service_that_is_down_is_an_error_not_an_exception() {
        openMeteo.down(true);

        Json result = weather.currentWeather("Berlin", WeatherUnit.METRIC);

        assertThat(object(result).string("error")).get().asString()
                .contains("weather service is unavailable", "503", "Service temporarily unavailable");
    }

    @Test
    void a_service_slower_than_the_timeout_is_an_error() {
        openMeteo.delay(Duration.ofSeconds(3));
        OpenMeteoWeatherService impatient = new OpenMeteoWeatherService(
                OpenMeteoWeatherService.Settings.at(openMeteo.url(), Duration.ofMillis(300)));

        long started = System.nanoTime();
        Json result = impatient.currentWeather("Berlin", WeatherUnit.METRIC);

        assertThat(object(result).string("error")).get().asString().contains("did not answer within 300 ms");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
    }

    @Test
    void a_service_that_cannot_be_reached_is_an_error_too() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OpenMeteoWeatherService unreachable = new OpenMeteoWeatherService(
                OpenMeteoWeatherService.Settings.at("http://127.0.0.1:" + closedPort, Duration.ofSeconds(1)));

        Json result = unreachable.currentWeather("Berlin", WeatherUnit.METRIC);

        assertThat(object(result).string("error")).get().asString().contains("could not be reached");
    }

    @Test
    void the_built_in_function_reaches_the_service_with_the_models_arguments() {
        CurrentWeather function = new CurrentWeather(weather);

        Json result = function.invoke(object(Json.parse("{\"location\":\"Dallas\",\"unit\":\"USCS\"}")));

        assertThat(object(result).string("location")).contains("Dallas, Texas, United States");
        assertThat(object(result).array("forecast").orElseThrow()).hasSize(24);
    }
}
