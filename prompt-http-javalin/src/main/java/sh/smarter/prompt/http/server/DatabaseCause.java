package sh.smarter.prompt.http.server;

/** The innermost cause of a failure, as one short line for a log: its class's simple name and first line. */
final class DatabaseCause {
    private static final int MAX_CHARS = 240;

    private DatabaseCause() {
    }

    static String of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == failure) {
            return "no cause given";
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > MAX_CHARS) {
            message = message.substring(0, MAX_CHARS) + "…";
        }
        return "cause: " + root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
