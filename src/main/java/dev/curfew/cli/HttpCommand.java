package dev.curfew.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew http}: the daemon's HTTP endpoint; {@code http hash-password} makes an account's hash. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Works with the daemon's HTTP endpoint (http: in curfew.yaml).",
        subcommands = HttpCommand.HashPassword.class)
final class HttpCommand {

    @ParentCommand
    CurfewCommand root;

    /** Reads a password (the first line of standard input, or asked on the terminal) and prints its bcrypt hash. */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Prints the bcrypt hash of a password for http.users[].passwordHash.",
                "Reads the password from the first line of standard input (or asks for it",
                "on the terminal). Example: ./curfew http hash-password < pw.txt"})
    static final class HashPassword implements Callable<Integer> {
        @ParentCommand
        HttpCommand http;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Io io = http.root.io();
            // On a terminal the password is read without echo; otherwise the first line of standard input.
            java.io.Console console = io.terminal() == null ? null : System.console();
            char[] typed = console == null ? null : console.readPassword("Password: ");
            String password = console == null ? io.in().readLine() : typed == null ? null : new String(typed);
            if (password == null || password.isEmpty()) {
                throw new UsageException("http hash-password: no password given on standard input");
            }
            spec.commandLine().getOut().println(dev.curfew.http.Passwords.hash(password.toCharArray()));
            spec.commandLine().getOut().flush();
            return Main.DONE;
        }
    }
}
