package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code curfew http hash-password}: the bcrypt hash of the first line of standard input, for http.users. */
class HashPasswordCommandTest {

    private static String[] run(String input) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Io(new BufferedReader(new StringReader(input)), null), new PrintWriter(out, true),
                new PrintWriter(err, true), "http", "hash-password");
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void printsABcryptHashThatTheSamePasswordMatches() {
        String[] r = run("correct horse\nsecond line\n");
        assertThat(r[0]).isEqualTo("0");
        String hash = r[1].strip();
        assertThat(hash).matches("\\$2a\\$12\\$[./A-Za-z0-9]{53}");
        assertThat(BCrypt.verifyer().verify("correct horse".toCharArray(), hash).verified).isTrue();
        assertThat(BCrypt.verifyer().verify("correct horsf".toCharArray(), hash).verified).isFalse();
        assertThat(run("correct horse\n")[1].strip()).as("salted: a new hash each time").isNotEqualTo(hash);
    }

    @Test
    void noPasswordIsOneLineAndExit2() {
        String[] r = run("");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("curfew: http hash-password: no password given on standard input");
    }
}
