package dev.curfew.policy;

import dev.curfew.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.runtime.StatelessKieSession;

/**
 * Evaluates one sweep's facts with the current rules in a fresh stateless session and returns the
 * decisions, at most one per session: the strongest action due, or else the earliest warning;
 * and the instants the rules said they will act next.
 *
 * <pre>{@code
 * PolicyEngine engine = new PolicyEngine(compiler.compile(rulesDir), policy);
 * Verdict verdict = engine.evaluate(host.list(server), clock.instant(), null);
 * }</pre>
 */
public final class PolicyEngine {
    private final AtomicReference<State> state;

    /** The rules and the policy, replaced together so a sweep never sees a half-reloaded pair. */
    private record State(RuleSet rules, Policy policy) {
    }

    public PolicyEngine(RuleSet rules, Policy policy) {
        this.state = new AtomicReference<>(new State(Objects.requireNonNull(rules), Objects.requireNonNull(policy)));
    }

    public RuleSet rules() {
        return state.get().rules();
    }

    public Policy policy() {
        return state.get().policy();
    }

    /** Replaces the rules and the policy atomically; sweeps already running finish with the old ones. */
    public void replace(RuleSet rules, Policy policy) {
        state.set(new State(Objects.requireNonNull(rules), Objects.requireNonNull(policy)));
    }

    /** The decisions for {@code sessions} at {@code now}; {@code closing} is null outside closings. */
    public List<Decision> decide(List<Session> sessions, Instant now, Closing closing) {
        return evaluate(sessions, now, closing).decisions();
    }

    /**
     * The decisions and due instants for {@code sessions} at {@code now}; {@code closing} is null outside
     * closings. Each session is in its profile (the first of {@code policy.profiles} that matches it),
     * and the sessions of one profile are evaluated together with the policy as their profile makes it,
     * so every rule sees one {@code Policy}, the one that applies. A profile whose closing is off gets
     * no {@code Closing}.
     */
    public Verdict evaluate(List<Session> sessions, Instant now, Closing closing) {
        State s = state.get();
        Policy policy = s.policy();
        Map<String, List<Session>> byProfile = new LinkedHashMap<>();
        for (Session session : sessions) {
            Profile p = policy.profileFor(session);
            String name = p == null ? "" : p.name();
            byProfile.computeIfAbsent(name, k -> new ArrayList<>()).add(session.withProfile(name));
        }
        List<Decision> decisions = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        for (Map.Entry<String, List<Session>> e : byProfile.entrySet()) {
            Policy applied = policy.forProfile(e.getKey());
            DecisionSink sink = evaluate(s.rules(), e.getValue(), applied, now,
                    !e.getKey().isEmpty() && applied.closing().at() == null ? null : closing);
            decisions.addAll(sink.decisions());
            due.addAll(sink.due());
        }
        due.sort(Comparator.comparing(Due::at));
        return new Verdict(strongestPerSession(decisions), due);
    }

    private static DecisionSink evaluate(RuleSet rules, List<Session> sessions, Policy policy, Instant now,
            Closing closing) {
        List<Object> facts = new ArrayList<>(sessions.size() + 3);
        for (Session session : sessions) {
            facts.add(Busy.flag(Protection.flag(session, policy)));
        }
        facts.add(policy);
        facts.add(Now.at(now, policy.zone(), policy.closing().holidays()));
        if (closing != null) {
            facts.add(closing);
        }
        DecisionSink sink = new DecisionSink(now);
        StatelessKieSession kieSession = rules.base().newStatelessKieSession();
        kieSession.setGlobal("decisions", sink);
        kieSession.execute(facts);
        return sink;
    }

    static List<Decision> strongestPerSession(List<Decision> all) {
        Map<String, Decision> best = new LinkedHashMap<>();
        Comparator<Decision> order = Comparator.comparing(Decision::action)
                .thenComparing(Decision::due, Comparator.reverseOrder());
        for (Decision d : all) {
            String key = d.session().server() + "#" + d.session().id();
            best.merge(key, d, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        List<Decision> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing((Decision d) -> d.session().server()).thenComparingInt(d -> d.session().id()));
        return out;
    }
}
