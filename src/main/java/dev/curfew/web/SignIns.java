package dev.curfew.web;

import dev.curfew.http.Access;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The people signed in to the console: a random cookie per sign-in, the account and role it stands
 * for, and the CSRF token every state-changing request of that sign-in must carry. A sign-in ends
 * when signed out, after {@link #IDLE} without a request, or when the oldest of too many is
 * forgotten; the daemon's restart ends them all (they live in memory only).
 */
final class SignIns {
    static final String COOKIE = "curfew-console";
    /** The cookie of the sign-in form itself, so that its CSRF token is bound to the browser that asked for it. */
    static final String FORM_COOKIE = "curfew-signin";
    static final Duration IDLE = Duration.ofHours(8);
    private static final int MOST = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, SignIn> byCookie = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SignIn> eldest) {
            return size() > MOST;
        }
    };

    /** One sign-in: who, their CSRF token, and their last request. */
    record SignIn(Access.Principal who, String csrf, Instant seen) {
        boolean mayAct() {
            return who.role() == dev.curfew.config.HttpConfig.Role.OPERATOR;
        }
    }

    SignIns(Clock clock) {
        this.clock = clock;
    }

    /** A new sign-in for {@code who}; its cookie's value. */
    String start(Access.Principal who) {
        String cookie = token();
        synchronized (byCookie) {
            byCookie.put(cookie, new SignIn(who, token(), clock.instant()));
        }
        return cookie;
    }

    /** The sign-in of {@code cookie}, its last request now; empty when unknown or idle too long. */
    Optional<SignIn> find(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (byCookie) {
            SignIn s = byCookie.get(cookie);
            if (s == null) {
                return Optional.empty();
            }
            if (!now.isBefore(s.seen().plus(IDLE))) {
                byCookie.remove(cookie);
                return Optional.empty();
            }
            SignIn fresh = new SignIn(s.who(), s.csrf(), now);
            byCookie.put(cookie, fresh);
            return Optional.of(fresh);
        }
    }

    void end(String cookie) {
        if (cookie != null) {
            synchronized (byCookie) {
                byCookie.remove(cookie);
            }
        }
    }

    /** A fresh random token, 256 bits, URL-safe. */
    String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Compares in constant time; false when either is missing. */
    static boolean same(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Set-Cookie} value: HttpOnly, SameSite=Strict, Secure over TLS, for the console's paths only. */
    static String cookie(String name, String value, boolean secure, boolean expire) {
        return name + "=" + value + "; Path=" + Console.PREFIX + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : "");
    }
}
