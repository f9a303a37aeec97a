package dev.curfew.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * The streams a command uses: standard input for {@code -}, and the terminal that {@code --confirm}
 * asks on (null when there is none, as under a scheduler or in a pipe).
 */
record Io(BufferedReader in, Terminal terminal) {

    /** Asks a person a question and reads the answer line. */
    interface Terminal {
        String ask(String prompt);
    }

    static Io system() {
        Console console = System.console();
        Terminal terminal = console == null ? null : prompt -> console.readLine("%s", prompt);
        return new Io(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), terminal);
    }

    static Io none() {
        return new Io(new BufferedReader(new java.io.StringReader("")), null);
    }

}
