package sh.smarter.prompt.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import sh.smarter.prompt.cli.CliContext;
import sh.smarter.prompt.cli.PromptCli;
import sh.smarter.prompt.cli.chat.LastSessions;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.output.Styles;
import sh.smarter.prompt.cli.settings.CliPaths;
import sh.smarter.prompt.cli.settings.ConfigFile;
import sh.smarter.prompt.cli.settings.ResolvedSettings;
import sh.smarter.prompt.cli.settings.Setting;
import sh.smarter.prompt.cli.settings.SettingFlags;
import sh.smarter.prompt.cli.settings.SettingsResolver;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.cli.wiring.Monitoring;
import sh.smarter.prompt.core.session.SessionKey;

/** What one run of a command works with: the context, its settings, its output, and the local installation. */
final class Invocation {
    private final PromptCli root;
    private final CliContext context;

    private Invocation(PromptCli root) {
        this.root = root;
        this.context = root.context();
    }

    static Invocation of(CommandSpec spec) {
        return new Invocation(PromptCli.of(spec));
    }

    CliContext context() {
        return context;
    }

    PrintWriter out() {
        return context.out();
    }

    PrintWriter err() {
        return context.err();
    }

    Styles styles() {
        return new Styles(context.ansi());
    }

    CliPaths paths() {
        return CliPaths.of(context.environment(), context.userHome());
    }

    Printer printer(OutputOptions output) {
        return new Printer(context.out(), output.format());
    }

    /** The settings by precedence: these flags, the environment, the config file, the defaults. */
    ResolvedSettings settings(SettingFlags... flagGroups) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (SettingFlags group : flagGroups) {
            group.addTo(flags);
        }
        Path named = root.configFile();
        ConfigFile configFile = named != null ? ConfigFile.read(named, true)
                : ConfigFile.read(paths().configFile(), false);
        ResolvedSettings settings = SettingsResolver.resolve(flags, context.environment(), configFile, paths());
        if (root.verbose()) {
            settings.display().forEach(line -> err().println(styles().dim("setting " + line)));
        }
        return settings;
    }

    /** The session {@code prompt chat CHATBOT} continues on this installation's database, if any. */
    Optional<SessionKey> rememberedSession(LocalInstallation local, String chatbot) {
        return new LastSessions(paths().stateDir()).get(LastSessions.localTarget(local.databaseLabel()), chatbot);
    }

    /** Opens (and migrates) the database the settings name, with the engine wired to it. Close it after use. */
    LocalInstallation open(ResolvedSettings settings) {
        return LocalInstallation.open(settings, context.environment(), context.clock());
    }

    /** The same, measured and logged as a server's is. */
    LocalInstallation open(ResolvedSettings settings, Monitoring monitoring) {
        return LocalInstallation.open(settings, context.environment(), context.clock(), monitoring);
    }
}
