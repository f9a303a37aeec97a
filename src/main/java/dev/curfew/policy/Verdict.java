package dev.curfew.policy;

import java.util.List;

/**
 * What the rules made of one sweep's sessions: the decisions to carry out (at most one per
 * session) and the instants after the sweep at which rules will act next if nothing changes,
 * sorted by instant.
 */
public record Verdict(List<Decision> decisions, List<Due> due) {

    public Verdict {
        decisions = List.copyOf(decisions);
        due = List.copyOf(due);
    }
}
