package dev.curfew.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** AD's logonHours: 21 bytes, least significant bit first, byte 0 bit 0 = Sunday 00:00-01:00 UTC. */
class LogonHoursTest {
    static final Instant SUNDAY_0030 = Instant.parse("2026-11-29T00:30:00Z");

    static byte[] bits(int... hours) {
        byte[] b = new byte[21];
        for (int h : hours) {
            b[h / 8] |= (byte) (1 << (h % 8));
        }
        return b;
    }

    @Test
    void theBitsAreHoursOfTheWeekInUtcFromSundayLeastSignificantFirst() {
        LogonHours sundayFirstHour = LogonHours.of(bits(0));
        assertThat(sundayFirstHour.allows(SUNDAY_0030)).isTrue();
        assertThat(sundayFirstHour.allows(SUNDAY_0030.plusSeconds(3600))).isFalse();
        assertThat(sundayFirstHour.allows(SUNDAY_0030.minusSeconds(3600))).as("Saturday 23:30 UTC").isFalse();
        // Monday 08:00-09:00 UTC is hour 24 + 8 = 32: byte 4, bit 0
        byte[] monday8 = new byte[21];
        monday8[4] = 0x01;
        assertThat(LogonHours.of(monday8).allows(Instant.parse("2026-11-23T08:59:59Z"))).isTrue();
        assertThat(LogonHours.of(monday8).allows(Instant.parse("2026-11-23T09:00:00Z"))).isFalse();
        assertThat(LogonHours.parse("Mon 08-09")).isEqualTo(LogonHours.of(monday8));
        assertThat(LogonHours.of(bits(167)).allows(Instant.parse("2026-11-28T23:59:00Z"))).as("Saturday 23:00 UTC")
                .isTrue();
    }

    @Test
    void hoursAreUtcWhateverTheServersZone() {
        // 09:30 in Berlin is 08:30 UTC: inside Mon 08-09 UTC, whatever the zone the instant was read in.
        Instant berlin0930 = java.time.LocalDateTime.parse("2026-11-23T09:30:00").atZone(ZoneId.of("Europe/Berlin"))
                .toInstant();
        LogonHours h = LogonHours.parse("Mon 08-09");
        assertThat(h.allows(berlin0930)).isTrue();
        assertThat(h.periodEnd(berlin0930)).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        Instant tokyo1730 = java.time.LocalDateTime.parse("2026-11-23T17:30:00").atZone(ZoneId.of("Asia/Tokyo"))
                .toInstant();
        assertThat(h.allows(tokyo1730)).as("17:30 in Tokyo is 08:30 UTC").isTrue();
    }

    @Test
    void aPeriodRunsOnAcrossTheWeeksEnd() {
        LogonHours h = LogonHours.parse("Sat 22-24, Sun 00-02");
        assertThat(h.periodEnd(Instant.parse("2026-11-28T22:10:00Z"))).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(h.periodEnd(SUNDAY_0030)).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(h.periodEnd(Instant.parse("2026-11-29T03:00:00Z"))).as("outside").isNull();
        assertThat(LogonHours.parse("Sat-Sun 00-24")).isEqualTo(LogonHours.parse("Sun 00-24, Sat 00-24"));
    }

    @Test
    void neverAndAlways() {
        assertThat(LogonHours.of(new byte[21]).never()).isTrue();
        assertThat(LogonHours.parse("never").allows(SUNDAY_0030)).isFalse();
        assertThat(LogonHours.parse("always").periodEnd(SUNDAY_0030)).as("no end").isNull();
        assertThat(LogonHours.parse("always").toString()).isEqualTo("ff".repeat(21));
        assertThat(LogonHours.parse("ff".repeat(21))).isEqualTo(LogonHours.parse("always"));
    }

    @Test
    void badValuesSayTheForms() {
        assertThatThrownBy(() -> LogonHours.of(new byte[20])).hasMessage(
                "logonHours of 20 bytes (it has 21, one bit per hour of the week)");
        assertThatThrownBy(() -> LogonHours.parse("weekdays")).hasMessage("\"weekdays\" is not logon hours (use never,"
                + " always, 42 hex digits as the directory stores it, or days and UTC hours like \"Mon-Fri 07-18, Sat 08-12\")");
        assertThatThrownBy(() -> LogonHours.parse("Mon 18-07")).hasMessageStartingWith(
                "\"Mon 18-07\": hours from 0-23 to a later 1-24");
    }

    @Test
    void aSessionOutsideItsHoursIsDueTheLongestLeadAfterItsConnection() {
        Instant logon = Instant.parse("2026-11-23T20:00:00Z");
        Session s = Session.builder(ServerName.of("ms01"), 2, SessionState.ACTIVE).user("carol").logon(logon)
                .observedAt(logon.plusSeconds(60)).build();
        assertThat(LogonHoursDue.logonHoursLeftSeconds(s, 900)).as("no logon hours: never").isEqualTo(-1);
        assertThat(LogonHoursDue.outsideLogonHours(s)).isFalse();
        Session never = s.withLogonHours(LogonHours.parse("never"));
        assertThat(LogonHoursDue.outsideLogonHours(never)).isTrue();
        assertThat(LogonHoursDue.logonHoursEnd(never)).isNull();
        assertThat(LogonHoursDue.logonHoursDue(never, 900)).isEqualTo(logon.plusSeconds(900));
        assertThat(LogonHoursDue.logonHoursLeftSeconds(never, 900)).isEqualTo(840);
        assertThat(LogonHoursDue.logonHoursLeftSeconds(never, 30)).as("past: now").isZero();
        Session inside = s.withLogonHours(LogonHours.parse("Mon 20-22"));
        assertThat(LogonHoursDue.logonHoursLeftSeconds(inside, 900)).isEqualTo(2 * 3600 - 60);
    }
}
