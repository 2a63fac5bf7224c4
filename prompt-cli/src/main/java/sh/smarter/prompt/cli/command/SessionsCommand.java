package sh.smarter.prompt.cli.command;

import picocli.CommandLine.Command;

/** {@code prompt sessions ...}: session maintenance. */
@Command(name = "sessions", description = {"Lists, shows, deletes and prunes sessions.",
        "A session is one conversation. Sessions never expire on their own; prune deletes the inactive ones."},
        subcommands = {SessionsListCommand.class, SessionsShowCommand.class, SessionsDeleteCommand.class,
                SessionsPruneCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt sessions list example",
                "  prompt sessions show example                 # the session `prompt chat example` continues",
                "  prompt sessions delete example 9f86d0...",
                "  prompt sessions prune --older-than 90d --dry-run"})
public final class SessionsCommand {
}
