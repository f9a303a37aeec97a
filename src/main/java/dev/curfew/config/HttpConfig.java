package dev.curfew.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code http:} the daemon's endpoint ({@code dev.curfew.http}).
 *
 * @param listen the address and port, or null for {@code off}
 * @param tls the keystore that makes the endpoint HTTPS, or null for plain HTTP (loopback only)
 * @param users the people who may sign in with HTTP Basic
 */
public record HttpConfig(Listen listen, Tls tls, List<User> users) {
    /** The port of the default {@code 127.0.0.1:8765}. */
    public static final int DEFAULT_PORT = 8765;

    public HttpConfig {
        users = users == null ? List.of() : List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            if (!names.add(users.get(i).name().toLowerCase(Locale.ROOT))) {
                throw new BadValue("users[" + i + "]", "user \"" + users.get(i).name() + "\" is listed twice");
            }
        }
        if (listen != null && tls == null && !listen.loopback()) {
            throw new BadValue("listen", "\"" + listen + "\" is not a loopback address: listening there needs "
                    + "http.tls (a keystore), or use 127.0.0.1:" + listen.port());
        }
    }

    public static HttpConfig defaults() {
        return new HttpConfig(new Listen("127.0.0.1", DEFAULT_PORT), null, List.of());
    }

    HttpConfig locatedAt(Path dir) {
        return new HttpConfig(listen, tls == null ? null : new Tls(dir.resolve(tls.keystore()),
                dir.resolve(tls.passwordFile())), users);
    }

    /** An address and port: {@code 127.0.0.1:8765}, {@code [::1]:8765}, {@code localhost:8765}; port 0 is any free one. */
    public record Listen(String host, int port) {
        private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})");

        static Listen parse(String text) {
            String t = text.trim();
            if (t.equalsIgnoreCase("off")) {
                return null;
            }
            var m = FORM.matcher(t);
            if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
                throw new IllegalArgumentException("\"" + text + "\" is not an address and port (use 127.0.0.1:"
                        + DEFAULT_PORT + ", [::1]:" + DEFAULT_PORT + " or off)");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            return new Listen(host, Integer.parseInt(m.group(2)));
        }

        /** Only {@code localhost} and literal loopback addresses: a host name is never resolved to decide. */
        public boolean loopback() {
            if (host.equalsIgnoreCase("localhost")) {
                return true;
            }
            if (!host.contains(":") && !host.matches("[0-9.]+")) {
                return false;
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * {@code http.tls:} a PKCS12 (or JKS) keystore with the server's key and certificate, and a file
     * holding its password (on its first line), both relative to the config's folder.
     */
    public record Tls(Path keystore, Path passwordFile) {
        public Tls {
            if (keystore == null) {
                throw new BadValue("keystore", "is required with http.tls (a PKCS12 keystore file)");
            }
            if (passwordFile == null) {
                throw new BadValue("passwordFile", "is required with http.tls (a file holding the keystore's password)");
            }
        }
    }

    /** A person's account: {@code { name, passwordHash, role }}, the hash made by {@code curfew http hash-password}. */
    public record User(String name, String passwordHash, Role role) {
        private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

        public User {
            if (name == null || name.isBlank()) {
                throw new BadValue("name", "every user needs a name");
            }
            if (passwordHash == null || !BCRYPT.matcher(passwordHash.trim()).matches()) {
                throw new BadValue("passwordHash", "is not a bcrypt hash like $2a$12$... (make one with: curfew http"
                        + " hash-password)");
            }
            passwordHash = passwordHash.trim();
            role = role == null ? Role.VIEWER : role;
        }
    }

    /** What a person may do: a viewer reads; an operator will also act (not over HTTP yet). */
    public enum Role {
        VIEWER, OPERATOR;

        static Role parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "viewer" -> VIEWER;
                case "operator" -> OPERATOR;
                default -> throw new IllegalArgumentException("\"" + text + "\" is not a role (use viewer or operator)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
