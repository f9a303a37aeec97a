package dev.curfew.bench;

import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A simulated fleet for benchmarks: {@code servers} servers of {@code sessions} user sessions each,
 * generated in code, every WTS-like call answered after {@code latency}. A listing costs one call to
 * enumerate and one per session for its times; one session (a due check's re-read) costs the three
 * queries the WTS binding makes for it; a roster (the closing's listing) one call, as
 * {@code WTSEnumerateSessionsExW}, plus one per session when client names are asked for; warn,
 * disconnect and logoff one call each.
 *
 * <pre>{@code
 * FleetHost host = new FleetHost(1000, 50, Duration.ofMillis(20), Seeds.steady(start), clock);
 * host.list(host.defaultServers().get(0));   // 51 calls, about 1 s
 * }</pre>
 */
public final class FleetHost implements SessionHost {
    /**
     * How one generated session starts: its state, last input and (when disconnected) disconnect
     * time. A connected session without a last input is busy: its user types all the time.
     */
    public record Seed(SessionState state, Instant logon, Instant lastInput, Instant disconnectedAt) {
    }

    /** Generates the seed of session {@code session} (1-based) of server {@code server} (0-based). */
    @FunctionalInterface
    public interface Seeds {
        Seed seed(int server, int session);
    }

    /** WTSSessionInfo, WTSClientName and WTSClientAddress, as {@code WtsSessionHost.session} queries. */
    static final int QUERIES_PER_SESSION = 3;
    /** WTSEnumerateSessionsExW, as {@code WtsSessionHost.roster} calls it. */
    static final int ROSTER_CALLS = 1;

    private final List<ServerName> names = new ArrayList<>();
    private final Map<ServerName, Server> servers = new LinkedHashMap<>();
    private final long latencyNanos;
    private final Clock clock;
    private final LongAdder calls = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    private final LongAdder warns = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder logoffs = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();

    public FleetHost(int serverCount, int sessionsPerServer, Duration latency, Seeds seeds, Clock clock) {
        if (serverCount < 1 || sessionsPerServer < 0) {
            throw new IllegalArgumentException("a fleet needs at least one server and no negative session count");
        }
        this.latencyNanos = latency.toNanos();
        this.clock = clock;
        for (int i = 0; i < serverCount; i++) {
            ServerName name = serverName(i);
            names.add(name);
            Server server = new Server(i, sessionsPerServer);
            for (int id = 1; id <= sessionsPerServer; id++) {
                server.seeds[id - 1] = seeds.seed(i, id);
            }
            servers.put(name, server);
        }
    }

    /** The name of server {@code index}: {@code srv0001.bench.local} for 0. */
    public static ServerName serverName(int index) {
        return ServerName.of(String.format("srv%04d.bench.local", index + 1));
    }

    @Override
    public String kind() {
        return "bench";
    }

    @Override
    public List<ServerName> defaultServers() {
        return List.copyOf(names);
    }

    @Override
    public List<Session> list(ServerName server) {
        Server s = server(server);
        call();
        List<Session> out = new ArrayList<>(s.seeds.length);
        for (int i = 0; i < s.seeds.length; i++) {
            call();
            out.add(s.snapshot(server, i, clock.instant()));
        }
        return out;
    }

    /** One call; no times and no client address, as the WTS binding's roster. */
    @Override
    public List<Session> roster(ServerName server, boolean clientNames) {
        Server s = server(server);
        for (int i = 0; i < ROSTER_CALLS; i++) {
            call();
        }
        Instant now = clock.instant();
        List<Session> out = new ArrayList<>(s.seeds.length);
        for (int i = 0; i < s.seeds.length; i++) {
            if (clientNames) {
                call(); // WTSClientName
            }
            out.add(s.rostered(server, i, now, clientNames));
        }
        return out;
    }

    @Override
    public Optional<Session> session(ServerName server, int id) {
        Server s = server(server);
        call();
        if (id < 1 || id > s.seeds.length) {
            return Optional.empty(); // the first query fails: no such session
        }
        for (int i = 1; i < QUERIES_PER_SESSION; i++) {
            call();
        }
        return Optional.of(s.snapshot(server, id - 1, clock.instant()));
    }

    @Override
    public void warn(ServerName server, int sessionId, String title, String text) {
        server(server);
        call();
        warns.increment();
    }

    @Override
    public void disconnect(ServerName server, int sessionId) {
        Server s = server(server);
        call();
        s.disconnect(server, sessionId, clock.instant());
        disconnects.increment();
    }

    @Override
    public void logoff(ServerName server, int sessionId) {
        Server s = server(server);
        call();
        s.logoff(server, sessionId, clock.instant());
        logoffs.increment();
    }

    public long calls() {
        return calls.sum();
    }

    /** The mean time one call really took, sleep overshoot included. */
    public double meanCallMillis() {
        long n = calls.sum();
        return n == 0 ? 0 : callNanos.sum() / 1e6 / n;
    }

    /** The most calls that were in flight at once. */
    public long maxInFlight() {
        return maxInFlight.get();
    }

    public long warns() {
        return warns.sum();
    }

    public long disconnects() {
        return disconnects.sum();
    }

    public long logoffs() {
        return logoffs.sum();
    }

    private Server server(ServerName name) {
        Server s = servers.get(name);
        if (s == null) {
            throw new SessionHostException(name, "no such server in the bench fleet");
        }
        return s;
    }

    private void call() {
        calls.increment();
        long now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        long t0 = System.nanoTime();
        try {
            if (latencyNanos > 0) {
                Thread.sleep(latencyNanos / 1_000_000, (int) (latencyNanos % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionHostException(ServerName.LOCALHOST, "interrupted");
        } finally {
            callNanos.add(System.nanoTime() - t0);
            inFlight.decrementAndGet();
        }
    }

    /** One server's sessions; a logoff replaces the session by a fresh logon so the fleet keeps its size. */
    private static final class Server {
        private final int index;
        private final Seed[] seeds;

        Server(int index, int sessions) {
            this.index = index;
            this.seeds = new Seed[sessions];
        }

        synchronized Session snapshot(ServerName name, int i, Instant now) {
            Seed seed = seeds[i];
            int id = i + 1;
            return named(name, i, seed.state(), true)
                    .clientAddress("10.0." + (index % 250) + "." + id)
                    .logon(seed.logon()).connect(seed.state().isConnected() ? seed.logon() : null)
                    .disconnect(seed.disconnectedAt()).lastInput(seed.lastInput() == null ? now : seed.lastInput())
                    .observedAt(now).build();
        }

        synchronized Session rostered(ServerName name, int i, Instant now, boolean clientName) {
            return named(name, i, seeds[i].state(), clientName).observedAt(now).build();
        }

        private Session.Builder named(ServerName name, int i, SessionState state, boolean clientName) {
            int id = i + 1;
            return Session.builder(name, id, state)
                    .user("u" + (index + 1) + "-" + id).domain("BENCH").station("RDP-Tcp#" + id)
                    .clientName(clientName ? "PC-" + id : "");
        }

        synchronized void disconnect(ServerName name, int id, Instant now) {
            Seed seed = find(name, id);
            seeds[id - 1] = new Seed(SessionState.DISCONNECTED, seed.logon(), seed.lastInput() == null ? now : seed.lastInput(), now);
        }

        synchronized void logoff(ServerName name, int id, Instant now) {
            find(name, id);
            seeds[id - 1] = new Seed(SessionState.ACTIVE, now, now, null);
        }

        private Seed find(ServerName name, int id) {
            if (id < 1 || id > seeds.length) {
                throw new SessionHostException(name, "no session " + id + " (ERROR_FILE_NOT_FOUND, 2)");
            }
            return seeds[id - 1];
        }
    }
}
