package dev.curfew.policy;

import dev.curfew.CurfewException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the rule files and the configuration file, and when either changes compiles
 * the rules and reads the policy aside. On success the engine gets both at once; on failure each
 * error is logged as {@code file:line: message} and the last good rules and policy keep running.
 * Each attempt is handed to {@code record} (the daemon writes it to the history).
 *
 * <pre>{@code
 * RuleReloader reloader = new RuleReloader(engine, compiler, rulesDir, configFile, loadPolicy, record, clock);
 * reloader.start(Duration.ofSeconds(2));
 * ...
 * reloader.close();
 * }</pre>
 */
public final class RuleReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleReloader.class);

    private final PolicyEngine engine;
    private final RuleCompiler compiler;
    private final Path rulesDir;
    private final Path configFile;
    private final Supplier<Policy> loadPolicy;
    private final Consumer<Reload> record;
    private Runnable configHook;
    private final Clock clock;
    private long rulesPrint;
    private long configPrint;
    private ScheduledExecutorService timer;

    /** One reload attempt: what changed ({@code rules}, {@code policy} or both), whether it took, and the summary or errors. */
    public record Reload(Instant at, String what, boolean ok, List<String> details) {
        public Reload {
            details = List.copyOf(details);
        }
    }

    /**
     * @param loadPolicy reads the policy from {@code configFile}; throws a {@link CurfewException} naming file and line
     * @param record     told of every reload, good or refused
     */
    public RuleReloader(PolicyEngine engine, RuleCompiler compiler, Path rulesDir, Path configFile,
            Supplier<Policy> loadPolicy, Consumer<Reload> record, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.compiler = Objects.requireNonNull(compiler);
        this.rulesDir = Objects.requireNonNull(rulesDir);
        this.configFile = Objects.requireNonNull(configFile);
        this.loadPolicy = Objects.requireNonNull(loadPolicy);
        this.record = Objects.requireNonNull(record);
        this.clock = Objects.requireNonNull(clock);
        this.rulesPrint = rulesFingerprint();
        this.configPrint = fingerprint(configFile);
    }

    /** Checks for changes every {@code every} on a daemon thread named {@code curfew-reload}. */
    public synchronized void start(Duration every) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "curfew-reload");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code hook} after a changed config was loaded and its policy applied: the daemon uses it
     * to make the schedule (servers, intervals, closing time) follow the file too.
     */
    public synchronized void onConfigChange(Runnable hook) {
        this.configHook = hook;
    }

    /** Reloads what changed since the last check; returns the attempt, or null when nothing changed. */
    public synchronized Reload check() {
        long rules = rulesFingerprint();
        long config = fingerprint(configFile);
        boolean rulesChanged = rules != rulesPrint;
        boolean configChanged = config != configPrint;
        if (!rulesChanged && !configChanged) {
            return null;
        }
        // Remembered before trying, so a broken file is reported once, not on every check until fixed.
        rulesPrint = rules;
        configPrint = config;
        String what = rulesChanged && configChanged ? "rules+policy" : rulesChanged ? "rules" : "policy";
        Reload reload;
        try {
            Policy policy = configChanged ? loadPolicy.get() : engine.policy();
            RuleSet set = rulesChanged ? compiler.compile(rulesDir) : engine.rules();
            if (configHook == null) {
                warnAboutTriggers(engine.policy(), policy);
            }
            engine.replace(set, policy);
            if (configChanged && configHook != null) {
                configHook.run();
            }
            String summary = rulesChanged
                    ? "Rules reloaded: " + set.summary() + " (" + set.howMade() + ")"
                    : "Configuration reloaded from " + configFile;
            log.info(summary);
            reload = new Reload(clock.instant(), what, true, List.of(summary));
        } catch (RulesException e) {
            List<String> errors = e.errors().isEmpty() ? List.of(e.getMessage())
                    : e.errors().stream().map(RuleError::toString).toList();
            log.error("Rules not reloaded, the last good rules keep running ({} {}):", errors.size(),
                    errors.size() == 1 ? "error" : "errors");
            errors.forEach(x -> log.error("  {}", x));
            reload = new Reload(clock.instant(), what, false, errors);
        } catch (CurfewException e) {
            log.error("Policy not reloaded, the last good policy keeps running: {}", e.getMessage());
            reload = new Reload(clock.instant(), what, false, List.of(e.getMessage()));
        }
        try {
            record.accept(reload);
        } catch (RuntimeException e) {
            log.warn("cannot record the reload: {}", e.getMessage());
        }
        return reload;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("reload check failed: {} (will check again)", e.toString(), e);
        }
    }

    /** The closing trigger is Quartz's, set at start; the rules see the new values at once. */
    private static void warnAboutTriggers(Policy old, Policy now) {
        if (!Objects.equals(old.closing().at(), now.closing().at()) || !old.zone().equals(now.zone())) {
            log.warn("policy.closing.at or policy.zone changed: the rules use the new values now, but the closing "
                    + "keeps firing at \"{}\" ({}) until curfew is restarted", old.closing().at(), old.zone());
        }
    }

    private long rulesFingerprint() {
        CRC32 crc = new CRC32();
        if (!Files.isDirectory(rulesDir)) {
            return -1;
        }
        try (var files = Files.walk(rulesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                crc.update(rulesDir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                crc.update(Long.toString(fingerprint(f)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return -2; // a folder being rewritten; the next check sees it settled
        }
        return crc.getValue();
    }

    private static long fingerprint(Path file) {
        try {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(file));
            return crc.getValue();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a rules reload was still running at stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
    }
}
