package sh.smarter.prompt.cli.output;

import java.io.PrintWriter;

/**
 * Progress of a long operation on stderr. On a terminal one line redraws itself; elsewhere (a log file, a test) a
 * line is printed at every tenth of the way, so the log stays short.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean redraw;
    private final long total;
    private final String unit;
    private int lastTenth = -1;

    public ProgressBar(PrintWriter err, boolean redraw, long total, String unit) {
        this.err = err;
        this.redraw = redraw;
        this.total = Math.max(total, 1);
        this.unit = unit;
    }

    public void update(long done) {
        long clamped = Math.min(Math.max(done, 0), total);
        int percent = (int) (clamped * 100 / total);
        int filled = (int) (clamped * WIDTH / total);
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent + "% " + clamped + "/"
                + total + " " + unit;
        if (redraw) {
            err.print("\r" + line);
        } else if (percent / 10 != lastTenth) {
            lastTenth = percent / 10;
            err.println(line);
        }
        err.flush();
    }

    /** Ends the redrawn line so that what follows starts on its own. */
    public void finish() {
        if (redraw) {
            err.println();
            err.flush();
        }
    }
}
