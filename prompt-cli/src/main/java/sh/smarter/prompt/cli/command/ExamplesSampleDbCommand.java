package sh.smarter.prompt.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;

/**
 * {@code prompt examples sample-db}: the small course database the SQL plugin example queries. Its default place
 * is the one examples/sql-plugin/sql-connection.yaml names ({@code jdbc:h2:~/.local/share/smarter-prompt/examples/
 * courses}), so the example applies unchanged.
 */
@Command(name = "sample-db", description = {"Creates the sample SQL database of the SQL plugin example.",
        "An H2 file database with a courses table; recreated when it exists. Prints its JDBC URL. The default file"
                + " is the one examples/sql-plugin/sql-connection.yaml points at."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt examples sample-db",
                "  prompt examples sample-db --file /tmp/courses   # then put the printed URL in the SqlConnection"})
public final class ExamplesSampleDbCommand implements Callable<Integer> {
    /** Relative to the home directory; H2 reads "~" in a JDBC URL the same way. */
    static final String DEFAULT_FILE = ".local/share/smarter-prompt/examples/courses";
    static final String OPTIONS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";

    private static final List<Course> COURSES = List.of(
            new Course("PY101", "Python for Beginners", "beginner", 6, 199, "AI"),
            new Course("PY201", "Data Analysis with Python", "intermediate", 8, 299, "database"),
            new Course("ML301", "Machine Learning Foundations", "advanced", 10, 499, "AI"),
            new Course("NN401", "Neural Networks in Practice", "advanced", 12, 649, "neural networks"),
            new Course("WEB110", "Web Development with React", "intermediate", 8, 349, "web"),
            new Course("MOB120", "Mobile Apps with Kotlin", "intermediate", 9, 379, "mobile"),
            new Course("SQL100", "SQL Essentials", "beginner", 4, 149, "database"),
            new Course("NET150", "Computer Networks 101", "beginner", 5, 179, "network"));

    private record Course(String code, String title, String level, int weeks, int cost, String topic) {
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--file", paramLabel = "PATH",
            description = "Where to create it, without H2's .mv.db suffix (default ~/" + DEFAULT_FILE + ").")
    private Path file;

    @Override
    public Integer call() throws IOException {
        Invocation invocation = Invocation.of(spec);
        Path target = (file != null ? file : invocation.context().userHome().resolve(DEFAULT_FILE))
                .toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        String url = "jdbc:h2:file:" + target + OPTIONS;
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            create(connection);
        } catch (SQLException e) {
            throw CliFailure.failed("cannot create the sample database at " + target + ": " + e.getMessage(), e);
        }
        invocation.err().println("Created the sample database with " + COURSES.size() + " courses. Its JDBC URL:");
        invocation.out().println(url);
        invocation.err().println(invocation.styles().dim(file == null
                ? "Next (H2 is a driver the operator allows): export SMARTER_PROMPT_ALLOW_SQL_DRIVERS=h2; prompt apply "
                        + "-f examples/sql-plugin/ && prompt chat course_advisor -m 'Which AI courses are there under "
                        + "$500?'"
                : "Put this URL in the SqlConnection manifest (spec.connection.url), then apply it with "
                        + "--allow-sql-driver h2."));
        return ExitCode.OK;
    }

    private static void create(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS courses");
            ddl.execute("CREATE TABLE courses (code VARCHAR(10) PRIMARY KEY, title VARCHAR(100) NOT NULL, "
                    + "level VARCHAR(20) NOT NULL, weeks INT NOT NULL, cost DECIMAL(8, 2) NOT NULL, "
                    + "topic VARCHAR(40) NOT NULL)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO courses (code, title, level, weeks, cost, topic) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Course course : COURSES) {
                insert.setString(1, course.code());
                insert.setString(2, course.title());
                insert.setString(3, course.level());
                insert.setInt(4, course.weeks());
                insert.setInt(5, course.cost());
                insert.setString(6, course.topic());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
