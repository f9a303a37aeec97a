package dev.curfew.cli;

import dev.curfew.CurfewException;
import dev.curfew.config.ConfigException;
import dev.curfew.policy.RulesException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The command line. Errors are one line on standard error, never a stack trace unless
 * {@code --debug}; exit codes 0 done, 1 some targets failed, 2 bad usage or configuration.
 */
public final class Main {
    public static final int DONE = 0;
    public static final int SOME_FAILED = 1;
    public static final int BAD_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        // Charts are drawn off-screen; no display is needed or used.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(Io.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given streams, no standard input and no terminal; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Io.none(), out, err, args);
    }

    static int run(Io io, PrintWriter out, PrintWriter err, String... args) {
        return run(io, System.getProperty(InstallationDefaults.HOME_PROPERTY), out, err, args);
    }

    /** As above, for the installation folder {@code home} (the launcher's {@code -Dcurfew.home}), or null. */
    static int run(Io io, String home, PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new CurfewCommand().io(io));
        cli.setDefaultValueProvider(new InstallationDefaults(home));
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // --rules defaults to the folder "rules", which is also the name of a command.
        cli.setAllowSubcommandsAsOptionParameters(true);
        // One line, as every error: a value our converters refuse says it in curfew's words, others in picocli's.
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("curfew: " + (e.getCause() instanceof UsageException u ? u.getMessage() : e.getMessage()));
            return BAD_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("curfew: " + message(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCode(e);
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException || e instanceof RulesException || e instanceof UsageException) {
            return BAD_USAGE;
        }
        return SOME_FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof CurfewException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return "unexpected " + e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""))
                + " (run with --debug for details)";
    }
}
