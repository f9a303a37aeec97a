package dev.curfew.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmarks' command line, run by the build's {@code bench} profile (not part of curfew):
 * measures speed, memory and scale on a simulated fleet and rewrites docs/BENCHMARKS.md.
 *
 * <pre>{@code
 * ./mvnw -B -Pbench verify -Dbench.args="--only rules,fleet --servers 100"
 * }</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures curfew's speed, memory and scale on a simulated fleet.",
            "Every WTS-like call takes --latency: fleet sweep against the ideal, closing",
            "storm into the history (H2, or --history-url), rules throughput against a",
            "hand-written Java baseline, lateness of due actions, start-up and memory,",
            "reports over a month of history. Prints a table per benchmark and writes",
            "them, with the machine, to --out."})
final class BenchCommand implements Callable<Integer> {
    static final int DONE = 0;
    static final int BAD_USAGE = 2;

    /** How the build runs the benchmarks; the doc shows it with the arguments given. */
    static final String MAVEN = "./mvnw -B -Pbench verify";

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", defaultValue = "rules", paramLabel = "DIR",
            description = "Folder of the .drl rule files to measure (default: ${DEFAULT-VALUE}).")
    Path rulesDir;

    @Option(names = "--servers", defaultValue = "1000", description = "Servers in the fleet (default: ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--sessions", defaultValue = "50", description = "Sessions per server (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--latency", defaultValue = "20", paramLabel = "MS",
            description = "Milliseconds each WTS-like call takes (default: ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(names = "--parallelism", defaultValue = "64",
            description = "Sweep threads, as sweep.parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured fleet sweeps (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--rules-seconds", defaultValue = "4", paramLabel = "S",
            description = "Seconds per rules measurement (default: ${DEFAULT-VALUE}).")
    int rulesSeconds;

    @Option(names = "--timing-window", defaultValue = "30", paramLabel = "S",
            description = "Seconds over which the timing benchmark's limits fall due (default: ${DEFAULT-VALUE}).")
    int timingSeconds;

    @Option(names = "--report-rows", defaultValue = "3000000",
            description = "History rows for the report queries (default: ${DEFAULT-VALUE}).")
    int reportRows;

    @Option(names = "--only", split = ",", paramLabel = "rules|fleet|storm|timing|footprint|reports|console",
            description = "Run only these benchmarks (default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--work", defaultValue = "target/bench", paramLabel = "DIR",
            description = "Folder for the benchmark databases (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md", paramLabel = "FILE",
            description = "Markdown file to write, or - for none (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--history-url", paramLabel = "JDBC-URL",
            description = "PostgreSQL database the storm (direct and through the daemon) writes its"
                    + " history to; the other benchmarks keep H2 in --work. EVERY TABLE OF ITS SCHEMA IS EMPTIED"
                    + " before each storm, so its name must contain \"bench\": jdbc:postgresql://localhost/bench."
                    + " Default: a fresh H2 file in --work.")
    String historyUrl;

    @Option(names = "--history-user", paramLabel = "USER", description = "Account for --history-url (default: the login name).")
    String historyUser;

    @Option(names = "--history-password", paramLabel = "PASSWORD", description = "Password for --history-url (default: none).")
    String historyPassword;

    @Option(names = "--serve-fleet", hidden = true,
            description = "Sweep the simulated fleet every minute until stopped (the footprint benchmark's daemon).")
    boolean serveFleet;

    @Override
    public Integer call() throws Exception {
        Set<Benchmarks.Kind> kinds = EnumSet.noneOf(Benchmarks.Kind.class);
        for (String k : only) {
            try {
                kinds.add(Benchmarks.Kind.parse(k));
            } catch (IllegalArgumentException e) {
                throw new BadUsage("--only: \"" + k + "\" is not a benchmark (use rules, fleet, storm, timing, footprint, reports, console)");
            }
        }
        BenchOptions options;
        try {
            options = new BenchOptions(servers, sessions, Duration.ofMillis(latencyMillis), parallelism, rounds,
                    Duration.ofSeconds(rulesSeconds), Duration.ofSeconds(timingSeconds), reportRows, rulesDir, work,
                    stormHistory());
        } catch (IllegalArgumentException e) {
            throw new BadUsage(e.getMessage());
        }
        if (serveFleet) {
            FleetDaemon.serve(options, spec.commandLine().getOut());
            return DONE;
        }
        Path doc = out.equals("-") ? null : Path.of(out);
        new Benchmarks(options, kinds, spec.commandLine().getOut()).run(commandLine(), doc);
        return DONE;
    }

    private StormHistory stormHistory() {
        if (historyUrl == null) {
            if (historyUser != null || historyPassword != null) {
                throw new BadUsage("--history-user and --history-password need --history-url");
            }
            return StormHistory.H2;
        }
        try {
            StormHistory history = StormHistory.postgres(historyUrl, historyUser, historyPassword);
            history.check();
            return history;
        } catch (IllegalArgumentException e) {
            throw new BadUsage("--history-url: " + e.getMessage());
        }
    }

    /** The command line for the doc, with the value of --history-password left out. */
    String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--history-password=")) {
                args.set(i, "--history-password=...");
            } else if (args.get(i).equals("--history-password") && i + 1 < args.size()) {
                args.set(i + 1, "...");
            }
        }
        return args.isEmpty() ? MAVEN : MAVEN + " -Dbench.args=\"" + String.join(" ", args) + "\"";
    }

    /** A command line that cannot be carried out as written; exit code 2. */
    static final class BadUsage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the benchmarks' command line; errors are one line on {@code err}. Returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("bench: " + e.getMessage());
            return BAD_USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            err.println("bench: " + e.getMessage());
            if (!(e instanceof BadUsage)) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof BadUsage ? BAD_USAGE : 1;
        });
        return cli.execute(args);
    }
}
