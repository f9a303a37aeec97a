package dev.curfew.cli;

import dev.curfew.policy.ActionType;
import picocli.CommandLine.Command;

/** {@code curfew logoff}, like {@code Close-WmsSession}. */
@Command(name = "logoff", mixinStandardHelpOptions = true,
        description = {"Logs sessions off, like Close-WmsSession.",
            "The user's programs end and unsaved work is lost. Never the session curfew",
            "runs in; --all skips the services session and listeners. Every action is",
            "recorded in the history. Same options as disconnect."})
final class LogoffCommand extends SessionActionCommand {
    @Override
    ActionType action() {
        return ActionType.LOGOFF;
    }

    @Override
    String done() {
        return "Logged off";
    }
}
