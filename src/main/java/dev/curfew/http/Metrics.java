package dev.curfew.http;

import dev.curfew.action.ActionResult;
import dev.curfew.history.Source;
import dev.curfew.session.SessionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's meters, scraped as Prometheus text at {@code /metrics}. No meter has a label per
 * session, user or server: a fleet of any size gives the same series. The labels are bounded by
 * enums (kind, state, action, source, outcome) and by the rule files (rule).
 */
final class Metrics implements AutoCloseable {
    private static final Duration[] SWEEP_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    private static final Duration[] LATENESS_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30);
    private static final Duration[] COMMIT_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer lateness;
    private final Timer commits;

    Metrics(ToDoubleFunction<SessionState> sessions, Supplier<Number> outages, Supplier<Number> queued) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (SessionState state : SessionState.values()) {
            Gauge.builder("curfew.sessions", () -> sessions.applyAsDouble(state)).tag("state", label(state.wtsName()))
                    .description("Sessions by state, as the last sweep of each server saw them").register(registry);
        }
        Gauge.builder("curfew.servers.in.outage", outages).description("Servers whose last sweeps failed")
                .register(registry);
        Gauge.builder("curfew.history.queue", queued).description("Batches of action rows waiting to be written")
                .register(registry);
        lateness = Timer.builder("curfew.due.check.lateness").serviceLevelObjectives(LATENESS_BUCKETS)
                .description("How long after its instant a due check started").register(registry);
        commits = Timer.builder("curfew.history.commit").serviceLevelObjectives(COMMIT_BUCKETS)
                .description("Time to commit a batch of action rows or a sweep's row").register(registry);
    }

    /** One firing: {@code kind} sweep, due_check or closing; {@code failed} when the server or history failed. */
    void swept(String kind, boolean failed, Duration took) {
        Timer.builder("curfew.sweep.duration").serviceLevelObjectives(SWEEP_BUCKETS).tag("kind", kind)
                .tag("result", failed ? "failed" : "ok").description("Firings of servers (sweeps, due checks, closings)")
                .register(registry).record(took);
    }

    /** An action recorded in the history (its intent, and the outcome it got). */
    void acted(ActionResult r, Source source) {
        Counter.builder("curfew.actions").tag("action", r.decision().action().label()).tag("rule", r.decision().rule())
                .tag("source", source.label()).tag("outcome", r.outcome().label())
                .description("Actions recorded, by action, rule, source and outcome").register(registry).increment();
    }

    void late(Duration by) {
        lateness.record(by.isNegative() ? Duration.ZERO : by);
    }

    void committed(long nanos) {
        commits.record(Duration.ofNanos(nanos));
    }

    void reloaded(String what, boolean ok) {
        Counter.builder("curfew.rule.reloads").tag("what", what).tag("result", ok ? "ok" : "refused")
                .description("Reloads of the rules or the configuration, by result").register(registry).increment();
    }

    /** The Prometheus text format (version 0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    private static String label(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return out;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
