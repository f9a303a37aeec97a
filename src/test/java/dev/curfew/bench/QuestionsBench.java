package dev.curfew.bench;

import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.action.MoreTime;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.Answer;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * More time in a closing: {@code warned} sessions get the closing warning with
 * {@code policy.message.moreTime} on, through the action path of the daemon (fan-out 8 per server,
 * 256 in all) and its pool of askers. A question blocks its thread as {@code WTSSendMessageW} with
 * {@code bWait} does: one in ten users answers Yes after {@code answerAfter}, the others never (the
 * question times out at the action's due instant, {@code dueIn} away).
 */
final class QuestionsBench {
    record Result(long warnedMillis, long answeredMillis, int asked, int told, int mostWaiting, int yes,
            int postponedRows, int threadsAtEnd) {
    }

    private QuestionsBench() {
    }

    static Result measure(HistoryStore history, int servers, int perServer, Duration answerAfter, Duration dueIn)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger yes = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        SessionHost host = new SessionHost() {
            @Override public String kind() { return "bench"; }
            @Override public List<ServerName> defaultServers() { return List.of(); }
            @Override public List<Session> list(ServerName server) { return List.of(); }
            @Override public void warn(ServerName server, int id, String title, String text) { }
            @Override public void disconnect(ServerName server, int id) { }
            @Override public void logoff(ServerName server, int id) { }
            @Override public Answer ask(ServerName server, int id, String title, String text, Duration timeout) {
                most.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                boolean answers = id % 10 == 0;
                try {
                    Thread.sleep((answers ? answerAfter : timeout).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    waiting.decrementAndGet();
                    done.incrementAndGet();
                }
                if (answers) {
                    yes.incrementAndGet();
                }
                return answers ? Answer.YES : Answer.TIMEOUT;
            }
        };
        Policy base = Policy.defaults(ZoneOffset.UTC);
        Policy policy = new Policy(base.zone(), base.idle(), base.disconnected(), base.session(), base.closing(),
                base.exempt(), base.protect(), false, new Policy.Message("t", "x", Duration.ofMinutes(30), 2),
                List.of(), null);
        try (ActionRunner runner = new ActionRunner(host, history, clock, ActionRunner.DEFAULT_ACTIONS_PER_SERVER,
                ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT, MoreTime.DEFAULT_QUESTIONS_IN_FLIGHT)) {
            Instant now = clock.instant();
            List<List<Decision>> batches = new ArrayList<>();
            for (int s = 0; s < servers; s++) {
                List<Decision> batch = new ArrayList<>();
                for (int i = 1; i <= perServer; i++) {
                    Session session = Session.builder(ServerName.of(String.format("ms%04d", s + 1)), i, SessionState.ACTIVE)
                            .user("u" + i).logon(now.minusSeconds(3600)).observedAt(now).build();
                    batch.add(new Decision(session, ActionType.WARN, "closing", "end of day", now.plus(dueIn),
                            ActionType.DISCONNECT));
                }
                batches.add(batch);
            }
            long t0 = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            List<ActionResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (List<Decision> batch : batches) {
                Thread t = new Thread(() -> results.addAll(runner.run(batch, Source.CLOSING, policy)));
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            long warned = (System.nanoTime() - t0) / 1_000_000;
            int asked = runner.moreTime().asked();
            while (done.get() < asked) {
                Thread.sleep(50);
            }
            long answered = (System.nanoTime() - t0) / 1_000_000;
            int rows = 0;
            for (int i = 0; i < 100 && rows < yes.get(); i++) {
                Thread.sleep(50);
                rows = count(history);
            }
            long doneRows = results.stream().filter(r -> r.outcome() == Outcome.DONE).count();
            if (doneRows != (long) servers * perServer) {
                throw new IllegalStateException(doneRows + " warnings done of " + servers * perServer);
            }
            return new Result(warned, answered, asked, runner.moreTime().told(), most.get(), yes.get(), rows,
                    runner.moreTime().waiting());
        }
    }

    private static int count(HistoryStore history) {
        try (var c = history.dataSource().getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM action WHERE outcome = 'postponed'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
