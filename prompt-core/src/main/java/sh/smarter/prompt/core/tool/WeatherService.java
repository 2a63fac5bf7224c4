package sh.smarter.prompt.core.tool;

import sh.smarter.prompt.core.json.Json;

/**
 * Outbound port: current conditions and a 24-hour forecast for a place. Problems (unknown place, service down) are
 * returned as {@code {"error": "..."}}.
 */
public interface WeatherService {
    Json currentWeather(String location, WeatherUnit unit);
}
