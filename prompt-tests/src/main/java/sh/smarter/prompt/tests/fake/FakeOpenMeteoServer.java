package sh.smarter.prompt.tests.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonNumber;
import sh.smarter.prompt.core.json.JsonObject;

/**
 * A local fake of Open-Meteo's geocoding ({@code GET /v1/search}) and forecast ({@code GET /v1/forecast}) APIs on
 * one loopback port: point both base URLs at {@link #url()}.
 *
 * <p>Geocoding knows a few places by exact name (case-insensitive): Berlin, Paris, San Francisco, Dallas, plus any
 * added with {@link #place}; anything else gets Open-Meteo's empty answer (no {@code results}). The forecast is
 * deterministic and the same everywhere: hour {@code h} (0-based, from {@link #START}) has, in metric units,
 * temperature {@code 10 + h/2} °C, precipitation 1.2 mm every 4th hour, 2.54 cm of snow at hour 5, weather code 61
 * or 3, wind {@code 1.609344 × (10 + h)} km/h (so {@code 10 + h} mph) from {@code 15 h mod 360}°, gusts twice the
 * wind, cloud cover {@code 50 + h} %. Units follow {@code temperature_unit}, {@code wind_speed_unit} and
 * {@code precipitation_unit} as Open-Meteo does; values are rounded to 2 decimals. {@link #down(boolean)} makes
 * every call answer 503; {@link #delay(Duration)} makes every answer late.
 */
public final class FakeOpenMeteoServer implements AutoCloseable {
    /** The first forecast hour. */
    public static final LocalDateTime START = LocalDateTime.of(2026, 11, 26, 7, 0);

    /** A known place. */
    public record Place(String name, String admin1, String country, double latitude, double longitude) {
    }

    /** One request received: its path and decoded query parameters. */
    public record Request(String path, Map<String, String> query) {
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;

    private FakeOpenMeteoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        handlers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-open-meteo");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        place(new Place("Berlin", "Land Berlin", "Germany", 52.52437, 13.41053));
        place(new Place("Paris", "Île-de-France", "France", 48.85341, 2.3488));
        place(new Place("San Francisco", "California", "United States", 37.77493, -122.41942));
        place(new Place("Dallas", "Texas", "United States", 32.78306, -96.80667));
        server.start();
    }

    public static FakeOpenMeteoServer start() {
        try {
            return new FakeOpenMeteoServer();
        } catch (IOException e) {
            throw new UncheckedIOException("the fake Open-Meteo server could not start", e);
        }
    }

    /** The base URL of both APIs: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeOpenMeteoServer place(Place place) {
        places.put(place.name().toLowerCase(Locale.ROOT), place);
        return this;
    }

    /** While down, every request answers HTTP 503. */
    public FakeOpenMeteoServer down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    /** Answers every request only after this delay (a handler thread waits: this fake is not for load). */
    public FakeOpenMeteoServer delay(Duration answerDelay) {
        this.delay = answerDelay;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------- the data

    /** The metric value of a variable at hour {@code h}, before unit conversion and rounding. */
    public static double metricValue(String variable, int h) {
        switch (variable) {
            case "temperature_2m":
                return 10 + h / 2.0;
            case "precipitation":
                return h % 4 == 0 ? 1.2 : 0.0;
            case "snowfall":
                return h == 5 ? 2.54 : 0.0;
            case "weather_code":
                return h % 4 == 0 ? 61 : 3;
            case "wind_speed_10m":
                return 1.609344 * (10 + h);
            case "wind_gusts_10m":
                return 2 * 1.609344 * (10 + h);
            case "wind_direction_10m":
                return (15 * h) % 360;
            case "cloud_cover":
                return 50 + h;
            default:
                throw new IllegalArgumentException("Cannot initialize WeatherVariable from invalid String value "
                        + variable);
        }
    }

    private static double converted(String variable, double metric, Map<String, String> query) {
        boolean fahrenheit = "fahrenheit".equals(query.get("temperature_unit"));
        String windUnit = query.getOrDefault("wind_speed_unit", query.getOrDefault("windspeed_unit", "kmh"));
        boolean inch = "inch".equals(query.get("precipitation_unit"));
        switch (variable) {
            case "temperature_2m":
                return fahrenheit ? metric * 9 / 5 + 32 : metric;
            case "precipitation":
                return inch ? metric / 25.4 : metric;
            case "snowfall":
                return inch ? metric / 2.54 : metric;
            case "wind_speed_10m":
            case "wind_gusts_10m":
                return windUnit.equals("mph") ? metric / 1.609344 : metric;
            default:
                return metric;
        }
    }

    private static String unitOf(String variable, Map<String, String> query) {
        switch (variable) {
            case "temperature_2m":
                return "fahrenheit".equals(query.get("temperature_unit")) ? "°F" : "°C";
            case "precipitation":
                return "inch".equals(query.get("precipitation_unit")) ? "inch" : "mm";
            case "snowfall":
                return "inch".equals(query.get("precipitation_unit")) ? "inch" : "cm";
            case "wind_speed_10m":
            case "wind_gusts_10m":
                return "mph".equals(query.getOrDefault("wind_speed_unit", query.get("windspeed_unit")))
                        ? "mp/h" : "km/h";
            case "wind_direction_10m":
                return "°";
            case "cloud_cover":
                return "%";
            default:
                return "wmo code";
        }
    }

    private static Json number(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return new JsonNumber(rounded.scale() < 0 ? rounded.setScale(0) : rounded);
    }

    // ------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) {
        try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(path, query));
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (down) {
                send(exchange, 503, "{\"error\":true,\"reason\":\"Service temporarily unavailable\"}");
            } else if (path.equals("/v1/search")) {
                send(exchange, 200, search(query).toJson());
            } else if (path.equals("/v1/forecast")) {
                forecast(exchange, query);
            } else {
                send(exchange, 404, "{\"error\":true,\"reason\":\"Not Found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private JsonObject search(Map<String, String> query) {
        Place place = places.get(query.getOrDefault("name", "").strip().toLowerCase(Locale.ROOT));
        JsonObject.Builder answer = JsonObject.builder();
        if (place != null) {
            answer.put("results", JsonArray.of(JsonObject.builder()
                    .put("id", Math.abs(place.name().hashCode()))
                    .put("name", place.name())
                    .put("latitude", place.latitude())
                    .put("longitude", place.longitude())
                    .put("country", place.country())
                    .put("admin1", place.admin1())
                    .build()));
        }
        return answer.put("generationtime_ms", 0.5).build();
    }

    private void forecast(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!query.containsKey("latitude") || !query.containsKey("longitude")) {
            send(exchange, 400, "{\"error\":true,\"reason\":\"Parameter 'latitude' and 'longitude' must be set\"}");
            return;
        }
        List<String> hourlyVariables = list(query.get("hourly"));
        List<String> currentVariables = list(query.get("current"));
        int hours = Integer.parseInt(query.getOrDefault("forecast_hours", "168"));
        try {
            hourlyVariables.forEach(v -> metricValue(v, 0));
            currentVariables.forEach(v -> metricValue(v, 0));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, JsonObject.builder().put("error", true).put("reason", e.getMessage()).build()
                    .toJson());
            return;
        }
        JsonObject.Builder answer = JsonObject.builder()
                .put("latitude", Double.parseDouble(query.get("latitude")))
                .put("longitude", Double.parseDouble(query.get("longitude")))
                .put("timezone", "auto".equals(query.get("timezone")) ? "Europe/Berlin" : "GMT");
        if (!currentVariables.isEmpty()) {
            answer.put("current_units", units(currentVariables, query));
            JsonObject.Builder current = JsonObject.builder().put("time", START.toString()).put("interval", 900);
            currentVariables.forEach(v -> current.put(v, number(converted(v, metricValue(v, 0), query))));
            answer.put("current", current.build());
        }
        if (!hourlyVariables.isEmpty()) {
            answer.put("hourly_units", units(hourlyVariables, query));
            JsonObject.Builder hourly = JsonObject.builder();
            JsonArray.Builder times = JsonArray.builder();
            for (int h = 0; h < hours; h++) {
                times.add(START.plusHours(h).toString());
            }
            hourly.put("time", times.build());
            for (String variable : hourlyVariables) {
                JsonArray.Builder values = JsonArray.builder();
                for (int h = 0; h < hours; h++) {
                    values.add(number(converted(variable, metricValue(variable, h), query)));
                }
                hourly.put(variable, values.build());
            }
            answer.put("hourly", hourly.build());
        }
        send(exchange, 200, answer.build().toJson());
    }

    private static JsonObject units(List<String> variables, Map<String, String> query) {
        JsonObject.Builder units = JsonObject.builder().put("time", "iso8601");
        variables.forEach(v -> units.put(v, unitOf(v, query)));
        return units.build();
    }

    private static List<String> list(String commaSeparated) {
        List<String> items = new ArrayList<>();
        if (commaSeparated != null) {
            for (String item : commaSeparated.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                        StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
