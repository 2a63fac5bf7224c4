package sh.smarter.prompt.core.plugintarget;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the plugin target rules need to know about a JDBC URL: its driver ({@code mysql}, {@code h2}...), where it
 * points (host, port and database, or an H2 file) and the names of the properties it sets. Only the simple forms
 * are understood; {@link #formProblem} says why another form is not accepted.
 *
 * @param driver      the sub-protocol's leading word, lower case: {@code jdbc:mysql+srv://} is {@code mysql}
 * @param host        lower case, without IPv6 brackets; null for embedded H2
 * @param port        the port, or the driver's default
 * @param database    the database name (MySQL) or the server-side path (H2 over TCP); may be empty
 * @param file        the absolute, normalised file of an embedded H2 database (without ".mv.db"), else null
 * @param properties  the property (MySQL) or setting (H2) names, percent-decoded, as written
 * @param formProblem why the URL's form is not accepted, or null
 */
record JdbcUrl(String driver, String host, int port, String database, Path file, List<String> properties,
               String formProblem) {
    private static final Pattern DRIVER = Pattern.compile("jdbc:([A-Za-z0-9]+)");
    /** One plain host (a name, IPv4 or bracketed IPv6), optional port, database, query. Nothing else. */
    private static final Pattern MYSQL = Pattern.compile("jdbc:(?:mysql|mariadb)://(?:[^@/?#(),=]*@)?"
            + "([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?(?:/([^?#]*))?(?:\\?([^#]*))?");
    private static final Pattern H2_NETWORK = Pattern.compile("(?i)(?:tcp|ssl)://([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])"
            + "(?::(\\d{1,5}))?/(.*)");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("[A-Za-z]:[/\\\\].*");
    static final String MYSQL_FORM = "must have the form jdbc:mysql://host:port/database?property=value (one host;"
            + " load-balancing, replication, DNS SRV, several hosts and properties inside the host part are not"
            + " accepted)";
    static final String H2_FORM = "must name an H2 database as mem:, tcp://, ssl:// or a file path (zip:, split:,"
            + " nio: and the other file systems are not accepted)";

    static Optional<JdbcUrl> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Matcher driverMatch = DRIVER.matcher(url);
        if (!driverMatch.lookingAt()) {
            return Optional.empty();
        }
        String driver = driverMatch.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(switch (driver) {
            case "mysql", "mariadb" -> mysql(driver, url);
            case "h2" -> h2(url);
            default -> new JdbcUrl(driver, null, -1, "", null, List.of(), null);
        });
    }

    private static JdbcUrl mysql(String driver, String url) {
        Matcher m = MYSQL.matcher(url);
        if (!m.matches()) {
            return problem(driver, MYSQL_FORM);
        }
        List<String> properties = new ArrayList<>();
        String query = m.group(4);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                if (key == null) {
                    return problem(driver, "has a property name that is not valid percent-encoding: " + pair);
                }
                if (!key.isBlank()) {
                    properties.add(key.strip());
                }
            }
        }
        String database = m.group(3) == null ? "" : decode(m.group(3));
        if (database == null) {
            return problem(driver, "has a database name that is not valid percent-encoding");
        }
        int port = m.group(2) == null ? 3306 : Integer.parseInt(m.group(2));
        return new JdbcUrl(driver, host(m.group(1)), port, database, null, List.copyOf(properties), null);
    }

    private static JdbcUrl h2(String url) {
        String body = url.substring("jdbc:h2:".length());
        List<String> segments = h2Segments(body);
        String location = segments.get(0);
        List<String> settings = new ArrayList<>();
        for (String segment : segments.subList(1, segments.size())) {
            int equals = segment.indexOf('=');
            String key = (equals < 0 ? segment : segment.substring(0, equals)).strip();
            if (!key.isEmpty()) {
                settings.add(key);
            }
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:")) {
            return new JdbcUrl("h2", null, -1, location.substring(4), null, List.copyOf(settings), null);
        }
        Matcher network = H2_NETWORK.matcher(location);
        if (network.matches()) {
            int port = network.group(2) == null ? 9092 : Integer.parseInt(network.group(2));
            return new JdbcUrl("h2", host(network.group(1)), port, network.group(3), null, List.copyOf(settings),
                    null);
        }
        if (lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
            return problem("h2", H2_FORM);
        }
        String path = lower.startsWith("file:") ? location.substring(5) : location;
        // Anything else with a "word:" prefix is one of H2's file systems (zip:, split:, nio:, memFS:...).
        if (path.matches("[A-Za-z][A-Za-z0-9]+:.*") && !WINDOWS_DRIVE.matcher(path).matches()) {
            return problem("h2", H2_FORM);
        }
        Path file = h2File(path);
        if (file == null) {
            return problem("h2", H2_FORM);
        }
        return new JdbcUrl("h2", null, -1, "", file, List.copyOf(settings), null);
    }

    /** H2 separates settings with ';' and lets a value hold one escaped as "\;". */
    private static List<String> h2Segments(String body) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                current.append(body.charAt(++i));
            } else if (c == ';') {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }

    /** The database file as H2 would open it: "~" is the home directory, relative paths the working directory. */
    private static Path h2File(String path) {
        try {
            String expanded = path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
            return Path.of(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String host(String text) {
        String host = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
        return host.toLowerCase(Locale.ROOT);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JdbcUrl problem(String driver, String problem) {
        return new JdbcUrl(driver, null, -1, "", null, List.of(), problem);
    }

    /** Where it points, for messages: "db.example.com:3306/prompt" or the H2 file. */
    String place() {
        if (file != null) {
            return file.toString();
        }
        return host == null ? driver + ":" + database : host + ":" + port + "/" + database;
    }
}
