package dev.curfew.http;

import dev.curfew.config.HttpConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may ask: the commands with the bearer token of the data folder ({@link TokenFile}), people
 * with HTTP Basic and an account of {@code http.users} (bcrypt). A wrong credential is a 401 with
 * nothing said; a client address with {@value #MAX_FAILURES} failures in a minute is refused (429)
 * for a minute without its password being checked (the right token still passes), and each failure
 * is logged.
 */
public final class Access {
    private static final Logger log = LoggerFactory.getLogger(Access.class);
    static final int MAX_FAILURES = 5;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int ADDRESSES = 1024;
    /** The token's holder: the commands of the daemon's account and its administrators. */
    static final String COMMANDS = "curfew-commands";

    private final byte[] token;
    private final List<HttpConfig.User> users;
    private final Clock clock;
    /** Failures per client address, the oldest forgotten first: a flood of addresses cannot grow it. */
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > ADDRESSES;
        }
    };

    /** Who was let in. */
    public record Principal(String name, HttpConfig.Role role) {
    }

    private record Failures(Instant since, int count) {
    }


    Access(String token, List<HttpConfig.User> users, Clock clock) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.users = users;
        this.clock = clock;
    }

    /** Lets the request through or answers it with 401 or 429 and skips its handler. */
    void check(Context ctx) {
        String header = ctx.header("Authorization");
        // The right token always passes: guessing it is hopeless, and the commands must not be locked out.
        if (header != null && bearer(header)) {
            ctx.attribute("principal", new Principal(COMMANDS, HttpConfig.Role.OPERATOR));
            return;
        }
        String address = ctx.ip();
        if (lockedOut(address)) {
            ctx.status(429).header("Retry-After", Long.toString(WINDOW.toSeconds())).result("");
            ctx.skipRemainingHandlers();
            return;
        }
        Optional<Principal> who = header == null ? Optional.empty() : basic(header);
        if (who.isPresent()) {
            ctx.attribute("principal", who.get());
            return;
        }
        if (header != null) {
            failed(address, ctx.path());
        }
        ctx.status(401).header("WWW-Authenticate", "Basic realm=\"curfew\", charset=\"UTF-8\"").result("");
        ctx.skipRemainingHandlers();
    }

    /**
     * The account {@code name} if {@code password} is its own (the web console's sign-in form), with
     * the limits and the logging of HTTP Basic; empty when refused, or when {@code address} is
     * {@link #lockedOut} (its password is then not checked).
     */
    public Optional<Principal> signIn(String name, char[] password, String address, String path) {
        if (lockedOut(address)) {
            return Optional.empty();
        }
        Optional<Principal> who = account(name, password);
        if (who.isEmpty()) {
            failed(address, path);
        }
        return who;
    }

    /** True while {@code address} is refused for its failures of the last minute. */
    public boolean lockedOut(String address) {
        Instant now = clock.instant();
        synchronized (failures) {
            Failures f = failures.get(address);
            return f != null && f.count() >= MAX_FAILURES && now.isBefore(f.since().plus(WINDOW));
        }
    }

    private void failed(String address, String path) {
        Instant now = clock.instant();
        int count;
        synchronized (failures) {
            Failures f = failures.get(address);
            f = f == null || !now.isBefore(f.since().plus(WINDOW)) ? new Failures(now, 1)
                    : new Failures(f.since(), f.count() + 1);
            failures.put(address, f);
            count = f.count();
        }
        log.warn("HTTP: failed login from {} for {} ({} in the last minute{})", address, path, count,
                count >= MAX_FAILURES ? "; this address is refused for a minute" : "");
    }

    private boolean bearer(String header) {
        return header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8), token);
    }

    private Optional<Principal> basic(String header) {
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return account(pair.substring(0, colon), pair.substring(colon + 1).toCharArray());
        }
        return Optional.empty();
    }

    private Optional<Principal> account(String name, char[] password) {
        for (HttpConfig.User u : users) {
            if (u.name().equals(name)) {
                return Passwords.matches(password, u.passwordHash()) ? Optional.of(new Principal(u.name(), u.role()))
                        : Optional.empty();
            }
        }
        // The same work for an unknown name as for a known one: the time says nothing of which names exist.
        Passwords.matches(password, DUMMY);
        return Optional.empty();
    }

    private static final String DUMMY = Passwords.hash("curfew".toCharArray());
}
