package sh.smarter.prompt.cli.command;

import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.ProgressBar;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.sessionadmin.ManageSessionsUseCase.PruneReport;
import sh.smarter.prompt.core.sessionadmin.ManageSessionsUseCase;

/** {@code prompt sessions prune}: deletes the sessions of every chatbot that have been inactive for a while. */
@Command(name = "prune", description = {"Deletes the sessions inactive since a point in time.",
        "Sessions of every chatbot, in small batches so the database stays responsive; progress on stderr, the "
                + "count on stdout. --dry-run only counts."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt sessions prune --older-than 90d --dry-run",
                "  prompt sessions prune --older-than 12h",
                "  prompt sessions prune --inactive-since 2026-01-01"})
public final class SessionsPruneCommand extends InstallationCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    private Cutoff cutoff;

    /** Exactly one way to say when. */
    static final class Cutoff {
        @Option(names = "--older-than", paramLabel = "AGE", required = true,
                description = "Inactive for longer than this: 30d, 12h, 2w, 90m.")
        private String olderThan;

        @Option(names = "--inactive-since", paramLabel = "DATE", required = true,
                description = "Not active since this date (UTC) or timestamp: 2026-01-31, 2026-01-31T12:00:00Z.")
        private String inactiveSince;
    }

    @Option(names = "--dry-run", description = "Count the sessions that would be deleted; delete nothing.")
    private boolean dryRun;

    private Instant instant;

    @Override
    void checkArguments(Invocation invocation) {
        instant = cutoff.olderThan != null
                ? Cutoffs.olderThan(cutoff.olderThan, invocation.context().clock().instant())
                : Cutoffs.inactiveSince(cutoff.inactiveSince);
    }

    @Override
    int run(Invocation invocation, LocalInstallation local) {
        ManageSessionsUseCase sessions = local.engine().sessions();
        PruneReport report = sessions.prune(instant, true, Principal.OPERATOR, null);
        if (!dryRun && report.sessions() > 0) {
            ProgressBar bar = new ProgressBar(invocation.err(), invocation.context().ansi(), report.sessions(),
                    "sessions");
            report = sessions.prune(instant, false, Principal.OPERATOR, bar::update);
            bar.update(report.sessions());
            bar.finish();
        }
        invocation.out().println((dryRun ? "would delete " : "deleted ") + report.sessions() + " session"
                + (report.sessions() == 1 ? "" : "s") + " inactive since " + instant);
        return ExitCode.OK;
    }
}
