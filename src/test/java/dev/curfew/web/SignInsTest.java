package dev.curfew.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.config.HttpConfig;
import dev.curfew.http.Access;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final SignIns signIns = new SignIns(clock);

    @Test
    void aSignInLastsWhileUsedAndEndsAfterEightHoursIdle() {
        String cookie = signIns.start(new Access.Principal("olga", HttpConfig.Role.OPERATOR));
        clock.advance(Duration.ofHours(7));
        assertThat(signIns.find(cookie)).get().satisfies(s -> {
            assertThat(s.who().name()).isEqualTo("olga");
            assertThat(s.mayAct()).isTrue();
        });
        clock.advance(Duration.ofHours(7));
        assertThat(signIns.find(cookie)).as("used 7 h ago").isPresent();
        clock.advance(SignIns.IDLE);
        assertThat(signIns.find(cookie)).isEmpty();
    }

    @Test
    void aViewerMayNotActAndASignedOutCookieIsUnknown() {
        String cookie = signIns.start(new Access.Principal("victor", HttpConfig.Role.VIEWER));
        assertThat(signIns.find(cookie)).get().satisfies(s -> assertThat(s.mayAct()).isFalse());
        signIns.end(cookie);
        assertThat(signIns.find(cookie)).isEmpty();
        assertThat(signIns.find("made-up")).isEmpty();
        assertThat(signIns.find(null)).isEmpty();
    }

    @Test
    void eachSignInHasItsOwnCsrfToken() {
        var a = signIns.find(signIns.start(new Access.Principal("olga", HttpConfig.Role.OPERATOR))).orElseThrow();
        var b = signIns.find(signIns.start(new Access.Principal("olga", HttpConfig.Role.OPERATOR))).orElseThrow();
        assertThat(a.csrf()).hasSize(43).isNotEqualTo(b.csrf());
        assertThat(SignIns.same(a.csrf(), a.csrf())).isTrue();
        assertThat(SignIns.same(a.csrf(), b.csrf())).isFalse();
        assertThat(SignIns.same(a.csrf(), null)).isFalse();
        assertThat(SignIns.same(null, null)).isFalse();
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverTls() {
        assertThat(SignIns.cookie("curfew-console", "abc", true, false))
                .isEqualTo("curfew-console=abc; Path=/console; HttpOnly; SameSite=Strict; Secure");
        assertThat(SignIns.cookie("curfew-console", "abc", false, false))
                .isEqualTo("curfew-console=abc; Path=/console; HttpOnly; SameSite=Strict");
        assertThat(SignIns.cookie("curfew-console", "", false, true)).endsWith("; Max-Age=0");
    }
}
