package dev.curfew.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.Await;
import dev.curfew.MutableClock;
import dev.curfew.session.LogonHoursDue;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups looked up in a real LDAP server (in-process), off the caller's thread, cached, through outages. */
class DirectoryTest {
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    final List<Directory.Status> told = new CopyOnWriteArrayList<>();
    TestLdap ldap;
    Directory directory;

    @BeforeEach
    void start() throws Exception {
        ldap = new TestLdap();
    }

    @AfterEach
    void stop() {
        if (directory != null) {
            directory.close();
        }
        ldap.close();
    }

    Directory open(String domain, Duration timeout) throws Exception {
        Path password = Files.writeString(dir.resolve("password.txt"), TestLdap.PASSWORD + "\n");
        directory = Directory.open(ldap.config(password, domain, timeout), TestLdap.PASSWORD, told::add, clock);
        return directory;
    }

    static Session session(String user, String domain) {
        return Session.builder(ServerName.of("ms01"), 2, SessionState.ACTIVE).user(user).domain(domain)
                .observedAt(T0).build();
    }

    /** The session once its user's groups are known, asking as a sweep would. */
    Session known(String user, String domain) throws InterruptedException {
        return Await.until(() -> directory.withGroups(session(user, domain)), Session::groupsKnown);
    }

    @Test
    void nestedGroupsThreeDeepAreAllTheUsersGroupsQualifiedWithTheDomain() throws Exception {
        open("SCHOOL", Duration.ofSeconds(5));
        Session first = directory.withGroups(session("alice", "LAB"));
        assertThat(first.groupsKnown()).as("never looked up: unknown, not in no group").isFalse();
        assertThat(first.groups()).isEmpty();
        Session alice = known("alice", "LAB");
        assertThat(alice.groups()).containsExactly("SCHOOL\\Everyone", "SCHOOL\\Pupils", "SCHOOL\\Students");
        assertThat(alice.memberOf("students")).isTrue();
        assertThat(alice.memberOf("EVERYONE")).as("two levels up").isTrue();
        assertThat(alice.memberOf("school\\pupils")).isTrue();
        assertThat(alice.memberOf("OTHER\\Pupils")).isFalse();
        assertThat(alice.memberOf("Staff")).isFalse();
        assertThat(alice.groups().contains("school\\students")).as("contains ignores case, as in a rule").isTrue();
    }

    @Test
    void aCycleOfGroupsEndsWithEachGroupOnce() throws Exception {
        open("SCHOOL", Duration.ofSeconds(5));
        assertThat(known("bob", "").groups()).containsExactly("SCHOOL\\Ring A", "SCHOOL\\Ring B");
    }

    @Test
    void aUserInNoGroupOrNotInTheDirectoryIsKnownToHaveNone() throws Exception {
        open("SCHOOL", Duration.ofSeconds(5));
        Session carol = known("carol", "SCHOOL");
        assertThat(carol.groups()).isEmpty();
        assertThat(carol.memberOf("Students")).isFalse();
        assertThat(known("nobody", "SCHOOL").groups()).isEmpty();
    }

    @Test
    void namesBeyondAsciiAndTheSessionsOwnDomain() throws Exception {
        open(null, Duration.ofSeconds(5));
        Session jurgen = known("jürgen", "SCHULE");
        assertThat(jurgen.groups()).containsExactlyInAnyOrder("SCHULE\\学生", "SCHULE\\Schüler");
        assertThat(jurgen.memberOf("SCHÜLER")).isTrue();
        assertThat(jurgen.memberOf("学生")).isTrue();
        assertThat(known("renée", "").groups()).containsExactly("Élèves");
        assertThat(directory.withGroups(session("renée", "")).memberOf("élèves")).isTrue();
    }

    @Test
    void groupsAreLookedUpOncePerCacheTime() throws Exception {
        open("SCHOOL", Duration.ofSeconds(5));
        known("alice", "");
        int searches = ldap.searches();
        for (int i = 0; i < 5; i++) {
            assertThat(directory.withGroups(session("alice", "")).memberOf("Students")).isTrue();
        }
        assertThat(directory.pending()).isZero();
        assertThat(ldap.searches()).as("all from the cache").isEqualTo(searches);
        clock.advance(Duration.ofMinutes(15));
        assertThat(directory.withGroups(session("alice", "")).memberOf("Students")).as("stale, still used").isTrue();
        Await.until("a second lookup", Duration.ofSeconds(10), () -> ldap.searches() > searches);
    }

    @Test
    void aDirectoryThatGoesDownKeepsTheLastKnownGroupsAndIsToldOnceEachWay() throws Exception {
        open("SCHOOL", Duration.ofSeconds(2));
        known("alice", "");
        ldap.stop();
        clock.advance(Duration.ofMinutes(16));
        directory.withGroups(session("alice", ""));
        Await.until("the outage seen", Duration.ofSeconds(10), () -> !directory.status().up());
        assertThat(directory.withGroups(session("alice", "")).memberOf("Students")).as("last known").isTrue();
        Await.until("lookups settled", Duration.ofSeconds(10), () -> directory.pending() == 0);
        Session dave = directory.withGroups(session("dave", ""));
        assertThat(dave.groupsKnown()).as("never looked up").isFalse();
        clock.advance(Directory.RETRY);
        directory.withGroups(session("dave", ""));
        Await.until("lookups settled", Duration.ofSeconds(10), () -> directory.pending() == 0);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).up()).isFalse();
        assertThat(told.get(0).error()).isNotBlank().doesNotContain(TestLdap.PASSWORD);

        ldap.user("dave", "Students");
        ldap.start();
        clock.advance(Directory.RETRY);
        assertThat(known("dave", "").memberOf("Students")).isTrue();
        assertThat(directory.status().up()).isTrue();
        assertThat(told).extracting(Directory.Status::up).containsExactly(false, true);
    }

    @Test
    void aSlowDirectoryTimesOutOffTheCallersThread() throws Exception {
        open("SCHOOL", Duration.ofMillis(500));
        known("alice", "");
        ldap.delay(Duration.ofSeconds(3));
        clock.advance(Duration.ofMinutes(15));
        long t0 = System.nanoTime();
        Session alice = directory.withGroups(session("alice", ""));
        Session erin = directory.withGroups(session("erin", ""));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("the caller never waits for the directory").isLessThan(500);
        assertThat(alice.memberOf("Students")).isTrue();
        assertThat(erin.groupsKnown()).isFalse();
        Await.until("the timeout seen as an outage", Duration.ofSeconds(10), () -> !directory.status().up());
        assertThat(told.get(0).error()).contains("timeout").as(told.get(0).error());
    }

    @Test
    void theServersAreTriedInOrder() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        var one = ldap.config(dir.resolve("password.txt"), "SCHOOL", Duration.ofSeconds(2));
        var both = new dev.curfew.config.DirectoryConfig(List.of("ldap://127.0.0.1:" + deadPort, ldap.url()), one.bindDn(),
                one.passwordFile(), null, one.baseDn(), null, null, one.timeout(), "SCHOOL");
        directory = Directory.open(both, TestLdap.PASSWORD, told::add, clock);
        assertThat(known("alice", "").memberOf("Students")).isTrue();
        assertThat(told).as("the second server answered: no outage").isEmpty();
    }

    @Test
    void aRefusedPasswordStopsTheOpen() throws Exception {
        Path password = Files.writeString(dir.resolve("password.txt"), "wrong");
        assertThatThrownBy(() -> Directory.open(ldap.config(password, null, Duration.ofSeconds(5)), "wrong", told::add,
                clock))
                .isInstanceOf(Directory.BadCredentials.class)
                .hasMessageStartingWith("the directory refused the bind as \"" + TestLdap.BIND_DN + "\": ")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void logonHoursComeWithTheGroupsAndAUserWithoutThemIsUnrestricted() throws Exception {
        byte[] mondayNine = new byte[21];
        mondayNine[4] = 0x02;   // hour 33 of the week: Monday 09:00-10:00 UTC
        ldap.userWithHours("gina", mondayNine, "Students");
        open("SCHOOL", Duration.ofSeconds(5));
        assertThat(directory.withGroups(session("gina", "")).logonHours()).as("not looked up yet: unrestricted")
                .isNull();
        Session gina = known("gina", "");
        assertThat(gina.memberOf("Students")).isTrue();
        assertThat(gina.logonHours()).isEqualTo(dev.curfew.session.LogonHours.parse("Mon 09-10"));
        assertThat(LogonHoursDue.outsideLogonHours(gina)).as("T0 is Monday 09:00 UTC").isFalse();
        assertThat(LogonHoursDue.logonHoursEnd(gina)).isEqualTo(T0.plusSeconds(3600));
        Session alice = known("alice", "");
        assertThat(alice.logonHours()).isNull();
        assertThat(LogonHoursDue.logonHoursLeftSeconds(alice, 900)).as("never closed by logon hours").isEqualTo(-1);
    }

    @Test
    void usersNoSweepAsksForAreForgottenAfterAnHourOrFourCacheTimes() throws Exception {
        open("SCHOOL", Duration.ofSeconds(5));
        known("alice", "");
        known("carol", "");
        assertThat(directory.knownUsers()).isEqualTo(2);
        for (int i = 0; i < 5; i++) {   // alice is swept every 15 minutes, carol is gone
            clock.advance(Duration.ofMinutes(15));
            directory.withGroups(session("alice", ""));
            Await.until("lookups settled", Duration.ofSeconds(10), () -> directory.pending() == 0);
        }
        Await.until("carol forgotten", Duration.ofSeconds(10), () -> directory.knownUsers() == 1);
        assertThat(directory.withGroups(session("alice", "")).memberOf("Students")).isTrue();
        assertThat(directory.withGroups(session("carol", "")).groupsKnown()).as("looked up again when she is back")
                .isFalse();
    }
}
