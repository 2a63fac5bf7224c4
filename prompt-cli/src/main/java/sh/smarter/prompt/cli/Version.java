package sh.smarter.prompt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The product version, written into version.properties by the build. */
public final class Version implements IVersionProvider {
    private static final String VERSION = load();

    public static String current() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"prompt (Smarter Prompt for the JVM) " + VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "0.0.0-dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "0.0.0-dev");
            // Unfiltered (run from an IDE without the Maven build): say so rather than print the placeholder.
            return version.startsWith("${") ? "0.0.0-dev" : version;
        } catch (IOException e) {
            return "0.0.0-dev";
        }
    }
}
