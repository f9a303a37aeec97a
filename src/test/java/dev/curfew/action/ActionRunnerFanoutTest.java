package dev.curfew.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls of a batch run side by side, within the limits per server and in all, and nothing else changes. */
class ActionRunnerFanoutTest {
    static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final MemoryHistory history = new MemoryHistory();
    final Policy policy = Policy.defaults(ZoneId.of("UTC"));
    final List<ActionRunner> runners = new ArrayList<>();
    final ExecutorService sweeps = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() throws InterruptedException {
        sweeps.shutdownNow();
        sweeps.awaitTermination(10, TimeUnit.SECONDS);
        runners.forEach(ActionRunner::close);
        history.close();
    }

    ActionRunner runner(SessionHost host, int perServer, int inFlight) {
        ActionRunner runner = new ActionRunner(host, history.store(), clock, perServer, inFlight);
        runners.add(runner);
        return runner;
    }

    /**
     * A server fleet whose calls take a while and count how many are in flight, per server and in
     * all. The first {@code gather} calls wait (up to 10 s) until that many are in flight together,
     * so a runner that overlaps fewer calls than it may is seen, not only one that overlaps more.
     */
    class SlowFleet implements SessionHost {
        final Map<ServerName, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final Map<ServerName, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
        final AtomicInteger allInFlight = new AtomicInteger();
        final AtomicInteger maxAllInFlight = new AtomicInteger();
        final Map<String, Long> pendingAtCall = new ConcurrentHashMap<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Integer> failOn = ConcurrentHashMap.newKeySet();
        final List<Integer> returned = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch gathered;
        final long millis;

        SlowFleet(int gather, long millis) {
            this.gathered = new CountDownLatch(gather);
            this.millis = millis;
        }

        @Override public String kind() { return "fake"; }
        @Override public List<ServerName> defaultServers() { return List.of(); }
        @Override public List<Session> list(ServerName server) { return List.of(); }
        @Override public void warn(ServerName server, int id, String title, String text) { call(server, id, millis); }
        @Override public void disconnect(ServerName server, int id) { call(server, id, millis); }
        @Override public void logoff(ServerName server, int id) { call(server, id, millis); }

        void call(ServerName server, int id, long sleep) {
            threads.add(Thread.currentThread().getName());
            pendingAtCall.put(server + "#" + id, pendingRows(server));
            int mine = inFlight.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
            maxInFlight.computeIfAbsent(server, s -> new AtomicInteger()).accumulateAndGet(mine, Math::max);
            maxAllInFlight.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
            try {
                gathered.countDown();
                gathered.await(10, TimeUnit.SECONDS);
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionHostException(server, "interrupted");
            } finally {
                allInFlight.decrementAndGet();
                inFlight.get(server).decrementAndGet();
                returned.add(id);
            }
            if (failOn.contains(id)) {
                throw new SessionHostException(server, "session " + id + " refused (ERROR_ACCESS_DENIED, 5)");
            }
        }

        int max(ServerName server) {
            return maxInFlight.getOrDefault(server, new AtomicInteger()).get();
        }
    }

    long pendingRows(ServerName server) {
        try (Connection c = history.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM action WHERE outcome = 'pending' AND server = ?")) {
            ps.setString(1, server.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static ServerName server(int i) {
        return ServerName.of("ms" + i + ".school.local");
    }

    static List<Decision> closing(ServerName server, int sessions, ActionType action) {
        return IntStream.rangeClosed(1, sessions).mapToObj(id -> new Decision(Session.builder(server, id, SessionState.ACTIVE)
                .user("user" + id).domain("SCHOOL").station("RDP-Tcp#" + id).observedAt(T0).build(), action, "closing",
                "end of day", T0)).toList();
    }

    @Test
    void theCallsToOneServerOverlapUpToActionsPerServerAndNoFurther() {
        SlowFleet host = new SlowFleet(4, 5);
        List<ActionResult> results = runner(host, 4, 256).run(closing(server(1), 40, ActionType.DISCONNECT),
                Source.CLOSING, policy);

        assertThat(results).hasSize(40).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        assertThat(host.max(server(1))).isEqualTo(4);
    }

    @Test
    void theCallsOfAllServersTogetherOverlapUpToActionsInFlightAndNoFurther() throws Exception {
        SlowFleet host = new SlowFleet(6, 5);
        ActionRunner runner = runner(host, 4, 6);
        List<Future<List<ActionResult>>> runs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            List<Decision> decisions = closing(server(i), 12, ActionType.LOGOFF);
            runs.add(sweeps.submit(() -> runner.run(decisions, Source.CLOSING, policy)));
        }

        for (Future<List<ActionResult>> run : runs) {
            assertThat(run.get(60, TimeUnit.SECONDS)).hasSize(12).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        }
        assertThat(host.maxAllInFlight.get()).isEqualTo(6);
        assertThat(IntStream.rangeClosed(1, 5).map(i -> host.max(server(i)))).allMatch(max -> max <= 4);
        assertThat(runner.actionThreads()).isLessThanOrEqualTo(6);
    }

    @Test
    void resultsAndRowsComeInTheDecisionsOrderThoughTheLaterCallsReturnFirst() {
        List<Decision> decisions = closing(server(1), 8, ActionType.DISCONNECT);
        SlowFleet host = new SlowFleet(8, 0) {
            @Override
            public void disconnect(ServerName server, int id) {
                call(server, id, 10L * (9 - id)); // session 8 returns first, session 1 last
            }
        };
        List<ActionResult> results = runner(host, 8, 8).run(decisions, Source.CLOSING, policy);

        assertThat(results).extracting(r -> r.decision().session().id()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        List<HistoryEntry> rows = history.store().query(HistoryFilter.ALL);
        assertThat(rows).extracting(HistoryEntry::sessionId).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(results).extracting(ActionResult::historyId).containsExactlyElementsOf(rows.stream().map(HistoryEntry::id).toList());
        assertThat(host.returned).first().isEqualTo(8);
        assertThat(host.returned).last().isEqualTo(1);
    }

    @Test
    void everyCallFindsAllIntentsOfItsBatchCommittedAndNoOutcomeRecordedBeforeTheLastCallReturns() {
        SlowFleet host = new SlowFleet(4, 5);
        runner(host, 4, 256).run(closing(server(1), 30, ActionType.DISCONNECT), Source.CLOSING, policy);

        assertThat(host.pendingAtCall).hasSize(30).allSatisfy((session, pending) -> assertThat(pending).isEqualTo(30L));
        assertThat(pendingRows(server(1))).isZero();
        assertThat(history.store().query(HistoryFilter.ALL)).hasSize(30)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.DONE));
    }

    @Test
    void aFailingCallFailsOnlyItsOwnActionWhileTheOthersRunBesideIt() {
        SlowFleet host = new SlowFleet(4, 5);
        host.failOn.addAll(List.of(2, 7));
        List<ActionResult> results = runner(host, 4, 256).run(closing(server(1), 10, ActionType.DISCONNECT),
                Source.CLOSING, policy);

        assertThat(results).extracting(ActionResult::outcome).containsExactly(Outcome.DONE, Outcome.FAILED, Outcome.DONE,
                Outcome.DONE, Outcome.DONE, Outcome.DONE, Outcome.FAILED, Outcome.DONE, Outcome.DONE, Outcome.DONE);
        assertThat(results.get(6).error()).isEqualTo("ms1.school.local: session 7 refused (ERROR_ACCESS_DENIED, 5)");
        assertThat(history.store().query(HistoryFilter.ALL)).extracting(HistoryEntry::outcome)
                .containsExactlyElementsOf(results.stream().map(ActionResult::outcome).toList());
        assertThat(host.pendingAtCall).hasSize(10);
    }

    @Test
    void whatIfCallsNothingAndStartsNoThread() {
        SlowFleet host = new SlowFleet(1, 0);
        Policy whatIf = policy.withWhatIf(true);
        ActionRunner runner = runner(host, 8, 256);

        List<ActionResult> results = runner.run(closing(server(1), 20, ActionType.WARN), Source.CLOSING, whatIf, T0);

        assertThat(results).extracting(ActionResult::error).containsOnly("what-if");
        assertThat(host.pendingAtCall).isEmpty();
        assertThat(runner.actionThreads()).isZero();
    }

    @Test
    void oneActionPerServerCallsOneAfterAnotherOnTheSweepsOwnThread() {
        SlowFleet host = new SlowFleet(1, 1);
        runner(host, 1, 256).run(closing(server(1), 10, ActionType.DISCONNECT), Source.CLOSING, policy);

        assertThat(host.max(server(1))).isEqualTo(1);
        assertThat(host.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aSweepInterruptedWhileItsCallsRunStillWaitsForThemAndRecordsEveryOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch called = new CountDownLatch(4);
        SlowFleet host = new SlowFleet(1, 0) {
            @Override
            public void disconnect(ServerName server, int id) {
                called.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError("an action thread was interrupted", e);
                }
                call(server, id, 0);
            }
        };
        ActionRunner runner = runner(host, 4, 256);
        AtomicReference<List<ActionResult>> results = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread sweep = new Thread(() -> {
            results.set(runner.run(closing(server(1), 8, ActionType.DISCONNECT), Source.CLOSING, policy));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        sweep.start();
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        sweep.interrupt();
        release.countDown();
        sweep.join(10_000);

        assertThat(results.get()).hasSize(8).extracting(ActionResult::outcome).containsOnly(Outcome.DONE);
        assertThat(interruptedAfter).isTrue();
        assertThat(pendingRows(server(1))).isZero();
    }

    @Test
    void noActionThreadIsMadeBeforeABatchNeedsOne() {
        ActionRunner runner = runner(new SlowFleet(1, 0), 8, 256);

        runner.run(closing(server(1), 1, ActionType.DISCONNECT), Source.CLOSING, policy);

        assertThat(runner.actionThreads()).isZero();
    }
}
