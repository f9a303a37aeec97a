package dev.curfew.action;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sweep's decisions are screened by before anything is recorded: a protected session is not
 * acted on (said once per session and rule), and a warning the sweeps see again and again goes out
 * once (known to this runner for an hour, and asked of the history, where another node may have sent it).
 */
final class Screening {
    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);
    private static final Duration FORGET_WARNINGS_AFTER = Duration.ofHours(1);

    private final HistoryStore history;
    private final Clock clock;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();
    private final Set<String> droppedLogged = ConcurrentHashMap.newKeySet();

    Screening(HistoryStore history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    /** The result for a decision that is not carried out (protected session, warning already sent), else null. */
    ActionResult screen(Decision d, Instant closingAt) {
        Session s = d.session();
        if (s.isProtected()) {
            // Logged once per session and rule, not on every sweep that asks again.
            if (droppedLogged.add(s.server() + "#" + s.id() + "|" + s.logonTime() + "|" + d.rule())) {
                log.info("{}: {} by \"{}\" dropped: {} is protected", s, d.action().label(), d.rule(),
                        s.protectedReason());
            }
            return new ActionResult(d, Outcome.SKIPPED, "protected: " + s.protectedReason(), 0);
        }
        if (!dedupes(d, closingAt)) {
            return null;
        }
        if (warned.putIfAbsent(warningKey(d), d.due()) != null) {
            return new ActionResult(d, Outcome.SKIPPED, "already warned", 0);
        }
        try {
            // In a cluster the next sweep may run on another node, so the history is asked too.
            if (history.warned(s.server().value(), s.id(), d.rule(), d.due())) {
                return new ActionResult(d, Outcome.SKIPPED, "already warned by another node", 0);
            }
        } catch (RuntimeException e) {
            // The history could not be read: nothing was sent, so the warning is still owed.
            warned.remove(warningKey(d));
            throw e;
        }
        return null;
    }

    /** {@code d} was tried and failed: a warning it was is owed again at the next sweep. */
    void failed(Decision d, Instant closingAt) {
        if (dedupes(d, closingAt)) {
            warned.remove(warningKey(d));
        }
    }

    /** Forgets the warnings due more than an hour ago: no sweep asks for them again. */
    void forgetOldWarnings() {
        Instant horizon = clock.instant().minus(FORGET_WARNINGS_AFTER);
        warned.values().removeIf(due -> due.isBefore(horizon));
    }

    /**
     * A sweep sees the same idle session again and again; its warning goes out once. The warnings of
     * the closing being fired ({@code closingAt}) come from their own triggers, each fired once, so
     * they are never held back; the idle or session warnings a closing sweep also finds are.
     */
    private static boolean dedupes(Decision d, Instant closingAt) {
        return d.action() == ActionType.WARN && !d.due().equals(closingAt);
    }

    private static String warningKey(Decision d) {
        return d.session().server() + "#" + d.session().id() + "|" + d.rule() + "|" + d.due().getEpochSecond();
    }
}
