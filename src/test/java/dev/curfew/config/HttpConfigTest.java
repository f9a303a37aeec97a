package dev.curfew.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.http.Passwords;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code http:} section: defaults, off, addresses, TLS, and the accounts with their roles. */
class HttpConfigTest {
    private static final String HASH = Passwords.hash("pw".toCharArray());

    private static HttpConfig load(String yaml) {
        return ConfigLoader.load("test.yaml", yaml, Path.of("/etc/curfew")).http();
    }

    private static String error(String yaml) {
        try {
            load(yaml);
            throw new AssertionError("loaded");
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void theDefaultIsTheLoopbackOnPort8765AndOffTurnsItOff() {
        assertThat(load("node: x\n").listen()).hasToString("127.0.0.1:8765");
        assertThat(load("http:\n  listen: off\n").listen()).isNull();
        assertThat(load("http:\n  listen: \"[::1]:9000\"\n").listen().loopback()).isTrue();
        assertThat(load("http:\n  listen: localhost:0\n").listen().port()).isZero();
    }

    @Test
    void anAddressBeyondTheLoopbackNeedsTlsAndTlsPathsAreTheConfigFolders() {
        assertThat(error("http:\n  listen: curfew.school.local:8765\n")).isEqualTo("test.yaml:2: http.listen:"
                + " \"curfew.school.local:8765\" is not a loopback address: listening there needs http.tls (a keystore),"
                + " or use 127.0.0.1:8765");
        HttpConfig tls = load("http:\n  listen: 0.0.0.0:8443\n  tls: { keystore: k.p12, passwordFile: k.pass }\n");
        assertThat(tls.tls().keystore()).isEqualTo(Path.of("/etc/curfew/k.p12"));
        assertThat(tls.tls().passwordFile()).isEqualTo(Path.of("/etc/curfew/k.pass"));
        assertThat(error("http:\n  listen: 127.0.0.1:70000\n")).isEqualTo("test.yaml:2: http.listen: \"127.0.0.1:70000\""
                + " is not an address and port (use 127.0.0.1:8765, [::1]:8765 or off)");
        assertThat(error("http:\n  tls: { keystore: k.p12 }\n")).isEqualTo("test.yaml:2: http.tls.passwordFile: is required"
                + " with http.tls (a file holding the keystore's password)");
        assertThat(error("http:\n  lisen: off\n")).isEqualTo("test.yaml:2: http.lisen: unknown key (did you mean listen?)");
    }

    @Test
    void usersHaveABcryptHashAndARole() {
        HttpConfig h = load("http:\n  users:\n    - { name: vera, passwordHash: \"" + HASH + "\" }\n"
                + "    - { name: otto, passwordHash: \"" + HASH + "\", role: operator }\n");
        assertThat(h.users()).extracting(HttpConfig.User::role).containsExactly(HttpConfig.Role.VIEWER, HttpConfig.Role.OPERATOR);
        assertThat(error("http:\n  users:\n    - { name: vera, passwordHash: secret }\n")).isEqualTo("test.yaml:3:"
                + " http.users[0].passwordHash: is not a bcrypt hash like $2a$12$... (make one with: curfew http hash-password)");
        assertThat(error("http:\n  users:\n    - { name: vera, passwordHash: \"" + HASH + "\", role: admin }\n"))
                .isEqualTo("test.yaml:3: http.users[0].role: \"admin\" is not a role (use viewer or operator)");
        assertThat(error("http:\n  users:\n    - { name: vera, passwordHash: \"" + HASH + "\" }\n    - { name: Vera,"
                + " passwordHash: \"" + HASH + "\" }\n")).startsWith("test.yaml:").contains("http.users[1]: user \"Vera\" is listed twice");
    }
}
