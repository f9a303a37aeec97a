package dev.curfew.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.ShippedConfig;
import dev.curfew.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong {@code http.listen} or {@code http.tls} stops {@code curfew run} with one line naming the key, exit 2. */
class HttpConfigErrorsTest {

    private static String[] run(Path dir, String listen, String tls) throws Exception {
        ShippedConfig.copyTo(dir, "1m");
        Path file = dir.resolve("curfew.yaml");
        String yaml = Files.readString(file).replace("listen: 127.0.0.1:0 ", "listen: " + listen + " ");
        if (tls != null) {
            yaml = yaml.replace("  users: []", "  tls: " + tls + "\n  users: []");
        }
        Files.writeString(file, yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--config", dir.toString(), "run");
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void aListenThatIsNotAnAddressAndPortIsNamed(@TempDir Path dir) throws Exception {
        String[] r = run(dir, "\"localhost:http\"", null);
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).singleElement().asString().matches("curfew: .*curfew.yaml:\\d+: http.listen: \"localhost:http\""
                + " is not an address and port \\(use 127.0.0.1:8765, \\[::1\\]:8765 or off\\)");
    }

    @Test
    void aListenBeyondTheLoopbackWithoutTlsIsRefused(@TempDir Path dir) throws Exception {
        String[] r = run(dir, "0.0.0.0:8765", null);
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).singleElement().asString().matches("curfew: .*curfew.yaml:\\d+: http.listen: \"0.0.0.0:8765\""
                + " is not a loopback address: listening there needs http.tls \\(a keystore\\), or use 127.0.0.1:8765");
    }

    @Test
    void aTlsWithoutItsPasswordFileIsNamed(@TempDir Path dir) throws Exception {
        String[] r = run(dir, "127.0.0.1:0", "{ keystore: curfew.p12 }");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).singleElement().asString().contains("http.tls.passwordFile: is required with http.tls");
    }

    @Test
    void aKeystoreThatDoesNotOpenIsNamedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pass"), "secret\n");
        Files.writeString(dir.resolve("curfew.p12"), "not a keystore");
        String[] r = run(dir, "0.0.0.0:0", "{ keystore: curfew.p12, passwordFile: pass }");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].lines()).singleElement().asString().startsWith("curfew: " + dir.resolve("curfew.yaml")
                + ": http.tls.keystore: cannot open \"" + dir.resolve("curfew.p12") + "\": ");
        assertThat(dir.resolve("data").resolve(TokenFile.TOKEN)).doesNotExist();
    }
}
