package dev.curfew.cli;

import dev.curfew.policy.ActionType;
import picocli.CommandLine.Command;

/** {@code curfew disconnect}, like {@code Disconnect-WmsSession}. */
@Command(name = "disconnect", mixinStandardHelpOptions = true,
        description = {"Disconnects sessions, like Disconnect-WmsSession.",
            "The user's programs keep running and the user can reconnect. Never the",
            "session curfew runs in; --all skips the services session, listeners and",
            "sessions already disconnected. Every action is recorded in the history.",
            "Examples:",
            "  curfew disconnect --session-id 3 --server ms01",
            "  curfew disconnect --all --server ms01 --what-if",
            "  curfew sessions --format json --server ms01 | grep LAB- | curfew disconnect -"})
final class DisconnectCommand extends SessionActionCommand {
    @Override
    ActionType action() {
        return ActionType.DISCONNECT;
    }

    @Override
    String done() {
        return "Disconnected";
    }
}
