package dev.curfew.bench;

import ch.qos.logback.classic.Level;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kie.api.KieServices;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected benchmarks, prints each table as it is done, and writes them all to a Markdown
 * file with the machine and the command line.
 *
 * <pre>{@code
 * new Benchmarks(BenchOptions.defaults(Path.of("rules"), Path.of("target/bench")), EnumSet.allOf(Benchmarks.Kind.class), out)
 *         .run("curfew bench", Path.of("docs/BENCHMARKS.md"));
 * }</pre>
 */
public final class Benchmarks {
    /** The benchmarks, in the order they run. */
    public enum Kind {
        RULES, FLEET, STORM, TIMING, FOOTPRINT, REPORTS, CONSOLE;

        public static Kind parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final BenchOptions options;
    private final Set<Kind> kinds;
    private final PrintWriter out;

    public Benchmarks(BenchOptions options, Set<Kind> kinds, PrintWriter out) {
        this.options = options;
        this.kinds = kinds.isEmpty() ? EnumSet.allOf(Kind.class) : EnumSet.copyOf(kinds);
        this.out = out;
    }

    /** Runs the benchmarks and writes {@code doc} (null: print only); returns the sections. */
    public List<Section> run(String commandLine, Path doc) throws Exception {
        quietActionLog();
        out.printf("curfew bench on %d cores, %,d MiB, %s; load average %s%n", Machine.cores(), Machine.memoryMib(),
                Machine.jdk(), Machine.load());
        out.println("sizes: " + options.fleetSize() + "; " + String.format("%,d report rows", options.reportRows()));
        out.flush();
        long t = System.nanoTime();
        RuleSet rules = new RuleCompiler(KieServices.get()).compile(options.rulesDir());
        long compileMillis = (System.nanoTime() - t) / 1_000_000;
        List<Section> sections = new ArrayList<>();
        for (Kind k : kinds) {
            // Each benchmark starts on a collected heap (as JMH does between iterations): the garbage of
            // the one before (the storm's rows, the fleet's sessions) is not collected in its timed part.
            System.gc();
            Section s = switch (k) {
                case RULES -> RulesBench.run(options, rules);
                case FLEET -> FleetBench.run(options, rules);
                case STORM -> StormBench.run(options, rules);
                case TIMING -> TimingBench.run(options, rules);
                case FOOTPRINT -> FootprintBench.run(options, compileMillis);
                case REPORTS -> ReportBench.run(options);
                case CONSOLE -> ConsoleBench.run(options, rules);
            };
            sections.add(s);
            out.println(s.text());
            out.flush();
        }
        if (doc != null) {
            write(doc, BenchDoc.render(commandLine, options, kinds, sections));
            out.println("written to " + doc);
        }
        return sections;
    }

    /**
     * One INFO line per action and per closing is what the daemon logs; 50,000 of them would drown
     * the tables. Warnings and errors still show.
     */
    private static void quietActionLog() {
        for (String name : new String[] {ActionRunner.class.getName(), "dev.curfew.sweep.Sweeps"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(Level.WARN);
            }
        }
    }

    /** Everything after this line of the doc is written by people, and kept when the tables are rewritten. */
    static final String KEPT = "<!-- Everything below this line is kept when the benchmarks rewrite the tables above. -->";

    private static void write(Path doc, String text) {
        try {
            if (doc.getParent() != null) {
                Files.createDirectories(doc.getParent());
            }
            String kept = KEPT + "\n";
            if (Files.exists(doc)) {
                String old = Files.readString(doc);
                int at = old.indexOf(KEPT);
                if (at >= 0) {
                    kept = old.substring(at);
                }
            }
            Files.writeString(doc, text + kept);
        } catch (IOException e) {
            throw new UncheckedIOException(doc + ": cannot be written: " + e.getMessage(), e);
        }
    }
}
