package dev.curfew.action;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.RecordedOutcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.session.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a batch of actions is carried out, whatever asked for it: every intent recorded under its key
 * before any server call (one whose key is already held is not called), the calls side by side as
 * the {@link Fanout} allows, every outcome recorded once the last call has returned.
 */
final class Execution implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

    private final HistoryStore history;
    private final Clock clock;
    private final Fanout fanout;

    Execution(HistoryStore history, Clock clock, Fanout fanout) {
        this.history = history;
        this.clock = clock;
        this.fanout = fanout;
    }

    /**
     * The one path of every action: records all intents in one transaction, calls the server for
     * each unless what-if (side by side, as the fan-out allows; a batch of one on the caller's
     * thread), and records all outcomes once every call has returned.
     */
    List<ActionResult> carryOut(List<Decision> batch, Source source, boolean whatIf,
            Function<Decision, String> key, Function<Decision, Runnable> call) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Intent> intents = new ArrayList<>(batch.size());
        for (Decision d : batch) {
            intents.add(intent(now, d, source, whatIf, key.apply(d)));
        }
        long[] ids = history.recordIntents(intents);
        RecordedOutcome[] outcomes = new RecordedOutcome[batch.size()];
        ActionResult[] results = new ActionResult[batch.size()];
        for (int k = 0; k < batch.size(); k++) {
            if (ids[k] == 0) {
                Decision d = batch.get(k);
                log.info("{}: {} by \"{}\" not taken: its key is already recorded ({})", d.session(),
                        d.action().label(), d.rule(), intents.get(k).key());
                results[k] = new ActionResult(d, Outcome.SKIPPED, OnceKeys.taken(d.action()), 0);
            }
        }
        if (whatIf) {
            for (int k = 0; k < batch.size(); k++) {
                Decision d = batch.get(k);
                Session s = d.session();
                log.info("What if: {} session {} ({}) on {} by \"{}\": {}", ActionRunner.verb(d.action()), s.id(), s.account(),
                        s.server(), d.rule(), d.reason());
                outcomes[k] = new RecordedOutcome(ids[k], Outcome.SKIPPED, "what-if", now);
                results[k] = new ActionResult(d, Outcome.SKIPPED, "what-if", ids[k]);
            }
        } else {
            fanout.run(batch.size(), k -> {
                if (ids[k] == 0) {
                    return;
                }
                Decision d = batch.get(k);
                Session s = d.session();
                try {
                    call.apply(d).run();
                    outcomes[k] = new RecordedOutcome(ids[k], Outcome.DONE, null, clock.instant());
                    log.info("{}: {} by \"{}\" ({}) done", s, d.action().label(), d.rule(), d.reason());
                    results[k] = new ActionResult(d, Outcome.DONE, null, ids[k]);
                } catch (RuntimeException e) {
                    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    outcomes[k] = new RecordedOutcome(ids[k], Outcome.FAILED, error, clock.instant());
                    log.warn("{}: {} by \"{}\" failed: {}", s, d.action().label(), d.rule(), error);
                    results[k] = new ActionResult(d, Outcome.FAILED, error, ids[k]);
                }
            });
        }
        history.recordOutcomes(Arrays.stream(outcomes).filter(Objects::nonNull).toList());
        return List.of(results);
    }

    private static Intent intent(Instant now, Decision d, Source source, boolean whatIf, String key) {
        return new Intent(now, d.session(), d.action(), d.rule(), d.reason(), source, whatIf,
                d.action() == ActionType.WARN ? d.due() : null, key);
    }

    /** How many action threads there are now. */
    int threads() {
        return fanout.threads();
    }

    @Override
    public void close() {
        fanout.close();
    }
}
