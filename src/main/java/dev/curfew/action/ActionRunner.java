package dev.curfew.action;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out decisions: drops those for protected sessions, records each action's intent before
 * calling the server and its outcome after, sends each warning once, and in what-if mode records
 * and logs without calling the server.
 *
 * <p>The calls of one run (one server's sweep or closing) are made side by side, at most
 * {@code actionsPerServer} at a time, and the calls of all runs together are at most
 * {@code actionsInFlight}, on threads made when a run needs them and ended when idle. A run of a
 * single decision calls on the caller's thread. One server's firings never overlap on a node
 * ({@code sweep.Sweeps} runs them one at a time), so the first bound is one per server. An action
 * asked for on the command line is a batch of one through the same path, so every action is
 * recorded and logged in one place: {@link Screening} drops what is not to be carried out,
 * {@link Execution} records, calls and records again.
 *
 * <pre>{@code
 * ActionRunner runner = new ActionRunner(host, history, clock, 8, 256);
 * List<ActionResult> results = runner.run(engine.decide(sessions, clock.instant(), null), Source.POLICY, policy);
 * runner.close();   // at shutdown, after the scheduler
 * }</pre>
 */
public final class ActionRunner implements AutoCloseable {
    /** The default of {@code sweep.actionsPerServer}: calls to one server at once. */
    public static final int DEFAULT_ACTIONS_PER_SERVER = 8;
    /** The default of {@code sweep.actionsInFlight}: threads making the calls of all servers together. */
    public static final int DEFAULT_ACTIONS_IN_FLIGHT = 256;

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);

    private final SessionHost host;
    private final HistoryStore history;
    private final Clock clock;
    private final Screening screening;
    private final Execution execution;
    private final MoreTime moreTime;

    /** A runner with the default limits: 8 calls to one server at once, 256 to all. */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock) {
        this(host, history, clock, DEFAULT_ACTIONS_PER_SERVER, DEFAULT_ACTIONS_IN_FLIGHT);
    }

    /**
     * A runner making at most {@code actionsPerServer} calls of one run at once (1: one after another)
     * and at most {@code actionsInFlight} calls of all runs together (runs of one decision aside: they
     * call on the caller's thread).
     */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock, int actionsPerServer,
            int actionsInFlight) {
        this(host, history, clock, actionsPerServer, actionsInFlight, MoreTime.DEFAULT_QUESTIONS_IN_FLIGHT);
    }

    /** As above, with at most {@code questionsInFlight} Yes/No questions waiting at once (0: on the caller's thread). */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock, int actionsPerServer,
            int actionsInFlight, int questionsInFlight) {
        this.host = host;
        this.history = history;
        this.clock = clock;
        this.screening = new Screening(history, clock);
        this.execution = new Execution(history, clock, new Fanout(actionsPerServer, actionsInFlight));
        this.moreTime = new MoreTime(host, history, clock, questionsInFlight);
    }

    /** The Yes/No questions of warnings and the actions they postponed ({@code policy.message.moreTime}). */
    public MoreTime moreTime() {
        return moreTime;
    }

    /**
     * Runs every decision, the results in their order; a failure is recorded and the others still run.
     * The intents of all of them are committed in one transaction before the first server call, and
     * their outcomes in one after the last call has returned: two writes for a whole closing instead
     * of two per session. If curfew stops in between, the batch's rows stay pending and the next
     * start marks them unknown.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy) {
        return run(decisions, source, policy, (Closing) null);
    }

    /** The warning of the session's profile, or the policy's. */
    private static Policy.Message message(Policy policy, Decision d) {
        return policy.forProfile(d.session().profile()).message();
    }

    /**
     * Runs the decisions of a closing or closing warning announcing {@code closingAt}: the warnings
     * of that closing go out every time (each lead fires once), the others' warnings once as usual.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy, Instant closingAt) {
        return run(decisions, source, policy, closingAt == null ? null : Closing.now(closingAt));
    }

    /**
     * Runs the decisions of {@code closing} (a closing, or one of its warnings), or of a plain sweep
     * when null. Each action's intent is recorded under its key ({@link OnceKeys}): one whose key
     * another run or node already holds is not carried out, and its result says so.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy, Closing closing) {
        screening.forgetOldWarnings();
        Instant closingAt = closing == null ? null : closing.at();
        ActionResult[] results = new ActionResult[decisions.size()];
        List<Integer> todo = new ArrayList<>(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            results[i] = screening.screen(decisions.get(i), closingAt);
            if (results[i] == null) {
                todo.add(i);
            }
        }
        boolean whatIf = policy.whatIf();
        List<ActionResult> done = execution.carryOut(todo.stream().map(decisions::get).toList(), source, whatIf,
                d -> OnceKeys.of(d, source, closing, null, whatIf),
                d -> {
                    String title = Messages.fill(message(policy, d).title(), d, clock.instant(), policy.zone());
                    String text = Messages.fill(message(policy, d).text(), d, clock.instant(), policy.zone());
                    return d.action() == ActionType.WARN && message(policy, d).asks()
                            ? () -> moreTime.warn(d, source, message(policy, d), policy.zone(), title, text)
                            : call(d, title, text);
                });
        for (int k = 0; k < todo.size(); k++) {
            int i = todo.get(k);
            results[i] = done.get(k);
            if (results[i].failed()) {
                screening.failed(decisions.get(i), closingAt);
            }
        }
        return List.of(results);
    }

    /**
     * Carries out one action asked for on the command line, recorded with source {@code command}, as
     * a batch of one: {@code title} and {@code text} are the message for {@code WARN}, ignored otherwise.
     * It is a request of its own: run again, it acts again.
     */
    public ActionResult runCommand(Session s, ActionType action, String reason, String title, String text,
            boolean whatIf) {
        return runCommand(s, action, reason, title, text, whatIf, UUID.randomUUID().toString());
    }

    /**
     * As {@link #runCommand(Session, ActionType, String, String, String, boolean)}, once per
     * {@code request}: the same request retried (same id, session and action) is not carried out again.
     */
    public ActionResult runCommand(Session s, ActionType action, String reason, String title, String text,
            boolean whatIf, String request) {
        Decision d = new Decision(s, action, "command line", reason, clock.instant());
        return execution.carryOut(List.of(d), Source.COMMAND, whatIf, x -> OnceKeys.of(x, Source.COMMAND, null, request, whatIf),
                x -> call(x, title, text)).get(0);
    }

    /**
     * Carries out what a person asked for on {@code sessions} (the web console) as one batch, each
     * recorded with {@code source}, {@code rule} and {@code reason}; a protected session is not acted
     * on (its result is skipped with the reason), the console session included whatever the policy
     * says. {@code title} and {@code text} are the message for {@code WARN}.
     */
    public List<ActionResult> runAsked(List<Session> sessions, ActionType action, Source source, String rule,
            String reason, String title, String text, boolean whatIf) {
        ActionResult[] results = new ActionResult[sessions.size()];
        List<Decision> todo = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            Decision d = new Decision(s, action, rule, reason, clock.instant());
            Protection.Reason refused = Protection.of(s, true);
            if (refused != null) {
                log.warn("{}: {} by \"{}\" ({}) refused: {}", s, action.label(), rule, reason, refused.sentence(s));
                results[i] = new ActionResult(d, Outcome.SKIPPED, "protected: " + refused.sentence(s), 0);
            } else {
                todo.add(d);
                at.add(i);
            }
        }
        String request = UUID.randomUUID().toString();
        List<ActionResult> done = execution.carryOut(todo, source, whatIf, x -> OnceKeys.of(x, source, null, request, whatIf),
                x -> call(x, title, text));
        for (int k = 0; k < done.size(); k++) {
            results[at.get(k)] = done.get(k);
        }
        return List.of(results);
    }

    /** The server call of {@code d}; {@code title} and {@code text} are the message of a warning. */
    private Runnable call(Decision d, String title, String text) {
        Session s = d.session();
        return switch (d.action()) {
            case WARN -> () -> host.warn(s.server(), s.id(), title, text);
            case DISCONNECT -> () -> host.disconnect(s.server(), s.id());
            case LOGOFF -> () -> host.logoff(s.server(), s.id());
        };
    }

    /**
     * Before {@code closing} is run again on {@code server} (its node died, or curfew was killed
     * during it): its disconnects and logoffs left in doubt may be taken again, to the sessions the
     * server still shows connected; returns how many.
     */
    public int releaseInDoubt(ServerName server, Closing closing) {
        return history.closings().releaseInDoubt(OnceKeys.closingPrefix(server, closing));
    }

    /** How many action threads there are now: none before the first batch and after a minute idle. */
    int actionThreads() {
        return execution.threads();
    }

    /** Lets the calls under way finish (within 10 s) and ends the action threads; idempotent. */
    @Override
    public void close() {
        execution.close();
        moreTime.close();
    }

    /** The cmdlet-style verb: Warning, Disconnecting, Logging off. */
    public static String verb(ActionType action) {
        return switch (action) {
            case WARN -> "Warning";
            case DISCONNECT -> "Disconnecting";
            case LOGOFF -> "Logging off";
        };
    }
}
