package dev.curfew.action;

import dev.curfew.config.Durations;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.RecordedOutcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * More time ({@code policy.message.moreTime}): a warning asks Yes/No, and a Yes postpones the action
 * it announces, for that session and rule, by exactly {@code moreTime} from the instant it was due,
 * at most {@code moreTimePerDay} times a day. No, no answer, or a Yes past the day's limit change
 * nothing. A Yes is recorded as its own history row (outcome {@code postponed}, the answer in its reason).
 *
 * <p>Asking blocks a thread while the user reads ({@code WTSSendMessageW} with {@code bWait}), so the
 * questions are asked by a small pool of at most {@code questionsInFlight} threads, each waiting until
 * the action is due and never longer than {@link #LONGEST_WAIT}. A warning that finds them all
 * waiting goes out as a plain warning (told, not asked) at once, so every session is still warned on
 * time and no thread is taken per session; the warning after it asks again. With no pool
 * ({@code questionsInFlight} 0, {@code simulate}) a question is asked on the caller's thread.
 *
 * <p>The sweep hands its decisions through {@link #adjust} before they run: an action postponed is
 * held back until its new instant; shortly before it (as long before as the answered warning came) the
 * session is warned, and asked, again; at the new instant a limit's rule must still ask for the action
 * (input meanwhile cancels it as usual), while a closing's action is carried out as the closing would have.
 */
public final class MoreTime implements AutoCloseable {
    /** The longest one question waits for its answer. */
    public static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    /** The default of {@code sweep.questionsInFlight}. */
    public static final int DEFAULT_QUESTIONS_IN_FLIGHT = 64;

    private static final Logger log = LoggerFactory.getLogger(MoreTime.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    /** Where a postponed session is checked again: the sweeps' timetable. */
    public interface Planner {
        void check(ServerName server, int sessionId, Instant at);
    }

    /** An action put off: {@code action} (its session, rule and reason) now due at {@code until}. */
    private record Postponed(Decision action, Source source, Instant until, Duration lead, boolean rewarned) {
    }

    private final SessionHost host;
    private final HistoryStore history;
    private final Clock clock;
    private final ThreadPoolExecutor askers;
    private final Map<String, Postponed> postponed = new ConcurrentHashMap<>();
    private final Map<String, Integer> yeses = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger told = new AtomicInteger();
    private volatile Planner planner = (server, id, at) -> { };
    private volatile java.util.function.Consumer<ActionResult> onPostponed = r -> { };

    MoreTime(SessionHost host, HistoryStore history, Clock clock, int questionsInFlight) {
        if (questionsInFlight < 0) {
            throw new IllegalArgumentException("questions in flight must not be negative: " + questionsInFlight);
        }
        this.host = host;
        this.history = history;
        this.clock = clock;
        if (questionsInFlight == 0) {
            this.askers = null;
        } else {
            AtomicInteger threads = new AtomicInteger();
            // No queue: a question that finds every asker waiting is told at once instead of shown late.
            this.askers = new ThreadPoolExecutor(questionsInFlight, questionsInFlight, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(null, r, "curfew-ask-" + threads.incrementAndGet(), 256 * 1024);
                        t.setDaemon(true);
                        return t;
                    });
            askers.allowCoreThreadTimeOut(true);
        }
    }

    /** Makes {@code value} plan the checks of postponed sessions (the sweeps do, with their timetable). */
    public void plan(Planner value) {
        planner = value;
    }

    /** Tells {@code value} of each postponement recorded: the answered warning, its reason and its row. */
    public void onPostponed(java.util.function.Consumer<ActionResult> value) {
        onPostponed = value;
    }

    /** The questions asked and the warnings told without one (every asker waiting) so far. */
    public int asked() {
        return asked.get();
    }

    public int told() {
        return told.get();
    }

    /** The askers waiting for an answer now. */
    public int waiting() {
        return askers == null ? 0 : askers.getActiveCount();
    }

    /**
     * Sends {@code warning} as a question when the session has Yes answers left today, else as a plain
     * warning; returns once the question is handed to an asker (or, without a pool, answered).
     */
    void warn(Decision warning, Source source, Policy.Message message, ZoneId zone, String title, String text) {
        Session s = warning.session();
        int left = message.moreTimePerDay() - yeses.getOrDefault(dayKey(s, zone), 0);
        if (left <= 0) {
            host.warn(s.server(), s.id(), title, text);
            return;
        }
        Instant shown = clock.instant();
        Duration wait = Duration.between(shown, warning.due());
        wait = wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.isNegative() ? Duration.ZERO : wait;
        String question = text + "\n\nYes: " + Durations.format(message.moreTime()) + " more time (" + left
                + " left today).";
        Duration timeout = wait;
        Runnable ask = () -> answered(warning, source, message, zone, shown,
                host.ask(s.server(), s.id(), title, question, timeout));
        if (askers == null) {
            asked.incrementAndGet();
            ask.run();
            return;
        }
        try {
            askers.execute(() -> {
                try {
                    ask.run();
                } catch (RuntimeException e) {
                    log.warn("{}: the question of \"{}\" failed: {}", s, warning.rule(), e.getMessage());
                }
            });
            asked.incrementAndGet();
        } catch (RejectedExecutionException busy) {
            told.incrementAndGet();
            log.debug("{}: every asker is waiting; warned without a question", s);
            host.warn(s.server(), s.id(), title, text);
        }
    }

    /** What a Yes does: the action postponed, recorded, and the session's checks planned. */
    private void answered(Decision warning, Source source, Policy.Message message, ZoneId zone, Instant shown,
            Answer answer) {
        Session s = warning.session();
        if (answer != Answer.YES) {
            log.info("{}: answered {} to \"{}\": nothing changes", s, answer.label(), warning.rule());
            return;
        }
        String day = dayKey(s, zone);
        String today = day.substring(day.lastIndexOf('|'));
        yeses.keySet().removeIf(k -> !k.endsWith(today));
        int n = yeses.merge(day, 1, Integer::sum);
        if (n > message.moreTimePerDay()) {
            yeses.merge(day, -1, Integer::sum);
            log.info("{}: answered yes to \"{}\" after the day's {} (policy.message.moreTimePerDay): nothing changes",
                    s, warning.rule(), message.moreTimePerDay());
            return;
        }
        Instant until = warning.due().plus(message.moreTime());
        Duration lead = Duration.between(shown, warning.due());
        lead = lead.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : lead;
        // A warning of an action already postponed puts off that action: a closing's stays a closing's.
        Postponed before = postponed.get(key(s, warning.rule()));
        Decision first = before != null ? before.action() : warning;
        Decision action = new Decision(s, warning.announces(), warning.rule(), first.reason(), until);
        postponed.put(key(s, warning.rule()), new Postponed(action, before != null ? before.source() : source, until,
                lead, false));
        Instant now = clock.instant();
        String reason = "answered Yes: " + warning.announces().label() + " postponed by "
                + Durations.format(message.moreTime()) + " to " + TIME.format(until.atZone(zone)) + " (" + n + " of "
                + message.moreTimePerDay() + " today)";
        long[] ids = history.recordIntents(List.of(new Intent(now, s, ActionType.WARN, warning.rule(), reason, source,
                false, null, "postpone|" + key(s, warning.rule()) + "|" + until)));
        if (ids[0] != 0) {
            history.recordOutcomes(List.of(new RecordedOutcome(ids[0], Outcome.POSTPONED, null, now)));
        }
        log.info("{}: {}", s, reason);
        onPostponed.accept(new ActionResult(new Decision(s, ActionType.WARN, warning.rule(), reason, until,
                warning.announces()), Outcome.POSTPONED, null, ids[0]));
        planner.check(s.server(), s.id(), until.minus(lead));
        planner.check(s.server(), s.id(), until);
    }

    /**
     * The decisions of one run on {@code server} with the postponed actions of the sessions {@code seen}
     * applied at {@code now}: held back before their new instant, warned again shortly before it, and a
     * closing's carried out at it. A closing's own run ({@code closing}) only holds back.
     */
    public List<Decision> adjust(ServerName server, List<Decision> decided, List<Session> seen, Instant now,
            boolean closing) {
        if (postponed.isEmpty()) {
            return decided;
        }
        postponed.values().removeIf(p -> p.until().plus(FORGET_AFTER).isBefore(now));
        List<Decision> out = new ArrayList<>(decided.size());
        for (Decision d : decided) {
            Postponed p = postponed.get(key(d.session(), d.rule()));
            boolean held = p != null && now.isBefore(p.until()) && p.action().session().user().equals(d.session().user())
                    && (d.action() != ActionType.WARN || d.due().isBefore(p.until()));
            if (held) {
                log.debug("{}: {} by \"{}\" held back: postponed to {}", d.session(), d.action().label(), d.rule(),
                        p.until());
            } else {
                out.add(d);
            }
        }
        if (closing) {
            return out;
        }
        for (Session s : seen) {
            for (String rule : rulesPostponed(s)) {
                String k = key(s, rule);
                Postponed p = postponed.get(k);
                if (p == null || !p.action().session().user().equals(s.user())) {
                    continue;
                }
                if (!now.isBefore(p.until())) {
                    postponed.remove(k);
                    boolean decidedAlready = out.stream().anyMatch(d -> d.session().id() == s.id()
                            && d.action() != ActionType.WARN);
                    if (p.source() == Source.CLOSING && !decidedAlready && s.userPresent()) {
                        out.add(new Decision(s, p.action().action(), rule, p.action().reason() + " (postponed)", now));
                    }
                } else if (!p.rewarned() && !now.isBefore(p.until().minus(p.lead()))) {
                    postponed.put(k, new Postponed(p.action(), p.source(), p.until(), p.lead(), true));
                    out.add(new Decision(s, ActionType.WARN, rule, "more time ends", p.until(), p.action().action()));
                }
            }
        }
        return out;
    }

    private List<String> rulesPostponed(Session s) {
        String prefix = s.server().value() + "#" + s.id() + "|";
        List<String> rules = new ArrayList<>();
        for (String k : postponed.keySet()) {
            if (k.startsWith(prefix)) {
                rules.add(k.substring(prefix.length()));
            }
        }
        return rules;
    }

    /** A session's postponements are by server, id and rule; the user tells a new session of a reused id apart. */
    private static String key(Session s, String rule) {
        return s.server().value() + "#" + s.id() + "|" + rule;
    }

    private String dayKey(Session s, ZoneId zone) {
        return s.server().value() + "#" + s.id() + "|" + s.user() + "|" + clock.instant().atZone(zone).toLocalDate();
    }

    /** Stops the askers; questions still waiting are left to time out on the servers. Idempotent. */
    @Override
    public void close() {
        if (askers != null) {
            askers.shutdownNow();
        }
    }
}
