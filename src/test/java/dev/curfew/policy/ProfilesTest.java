package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.config.ConfigException;
import dev.curfew.config.ConfigLoader;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy.profiles}: the first match by group, server or client gives a session its policy. */
class ProfilesTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");   // a Tuesday
    static final Instant CLOSING = Instant.parse("2026-11-24T17:00:00Z");   // 18:00 in Berlin

    static final String SCHOOL = """
            policy:
              zone: Europe/Berlin
              idle: { limit: 30m, warn: 0s }
              profiles:
                - name: admins
                  groups: [Admins]
                  exempt: { users: ["*"] }
                - name: evening class
                  groups: ["SCHOOL\\\\Evening"]
                  closing: { at: off }
                - name: staff
                  groups: [Staff]
                  idle: { limit: 60m, warn: 0s }
                - name: students in the labs
                  groups: [Students]
                  servers: ["lab-*"]
                  idle: { limit: 10m, warn: 0s, action: logoff }
                  message: { title: "Lab", text: "{user}: lab rules" }
                - name: kiosks
                  clients: ["KIOSK-*"]
                  idle: { limit: 5m, warn: 0s }
            """;

    @TempDir
    Path dir;

    Policy policy(String yaml) throws IOException {
        Files.writeString(dir.resolve("curfew.yaml"), yaml);
        return ConfigLoader.load(dir).policy();
    }

    static Session session(int id, String server, String user, String client, Duration idle, String... groups) {
        return Session.builder(ServerName.of(server), id, SessionState.ACTIVE).user(user).domain("SCHOOL")
                .clientName(client).lastInput(NOW.minus(idle)).observedAt(NOW).build()
                .withGroups(List.of(groups).stream().map(g -> "SCHOOL\\" + g).toList(), true);
    }

    static Map<String, String> byUser(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.toMap(d -> d.session().user(),
                d -> d.action().label() + " by " + d.rule() + " in " + d.session().profile()));
    }

    @Test
    void eachSessionHasThePolicyOfTheFirstProfileItMatches() throws IOException {
        PolicyEngine engine = new PolicyEngine(TestRules.shipped(), policy(SCHOOL));
        List<Decision> decisions = engine.decide(List.of(
                session(2, "lab-01", "stu", "PC-1", Duration.ofMinutes(11), "Students"),
                session(3, "office-01", "stu2", "PC-2", Duration.ofMinutes(11), "Students"),   // not in a lab
                session(4, "lab-01", "teacher", "PC-3", Duration.ofMinutes(40), "Staff"),
                session(5, "lab-01", "boss", "PC-4", Duration.ofHours(5), "Admins", "Staff"),
                session(6, "lab-01", "kiosk", "KIOSK-7", Duration.ofMinutes(6)),
                session(7, "lab-01", "other", "PC-5", Duration.ofMinutes(31))), NOW, null);
        assertThat(byUser(decisions)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stu", "logoff by idle limit in students in the labs",
                "kiosk", "disconnect by idle limit in kiosks",
                "other", "disconnect by idle limit in "));
    }

    @Test
    void aUserWhoseGroupsAreUnknownIsInNoProfileByGroup() throws IOException {
        PolicyEngine engine = new PolicyEngine(TestRules.shipped(), policy(SCHOOL));
        Session unknownAdmin = session(5, "lab-01", "boss", "PC-4", Duration.ofMinutes(31)).withGroups(Set.of(), false);
        assertThat(byUser(engine.decide(List.of(unknownAdmin), NOW, null)))
                .containsExactlyEntriesOf(Map.of("boss", "disconnect by idle limit in "));
    }

    @Test
    void aProfileWithTheClosingOffIsNotClosed() throws IOException {
        PolicyEngine engine = new PolicyEngine(TestRules.shipped(), policy(SCHOOL));
        List<Decision> decisions = engine.decide(List.of(
                session(2, "ms01", "late", "PC-1", Duration.ofMinutes(1), "Evening"),
                session(3, "ms01", "day", "PC-2", Duration.ofMinutes(1), "Students")), CLOSING, Closing.now(CLOSING));
        assertThat(byUser(decisions)).containsExactlyEntriesOf(Map.of("day", "disconnect by closing in "));
    }

    @Test
    void aProfileTakesTheMessageItGives() throws IOException {
        Policy p = policy(SCHOOL);
        assertThat(p.forProfile("students in the labs").message().title()).isEqualTo("Lab");
        assertThat(p.forProfile("staff").message()).isEqualTo(p.message());
        assertThat(p.forProfile("staff").idle().limit()).isEqualTo(Duration.ofMinutes(60));
        assertThat(p.forProfile("").idle().limit()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void mistakesInProfilesAreOneLine() {
        assertThatThrownBy(() -> policy("policy:\n  profiles:\n    - { name: a }\n    - { name: A }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(":4: policy.profiles[1].name: \"A\" is the name of an earlier profile");
        assertThatThrownBy(() -> policy("policy:\n  profiles:\n    - name: late\n      closing: { at: \"0 0 20 ? * *\" }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.profiles[0].closing.at: \"0 0 20 ? * *\" is not the policy's closing time");
        assertThatThrownBy(() -> policy("policy:\n  profiles:\n    - groups: [Staff]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(":3: policy.profiles[0].name: every profile needs a name");
    }

    @Test
    void aProfileIsShadowedWhenAnEarlierOneMatchesAllItDoes() {
        Profile all = profile("all", List.of(), List.of());
        Profile staff = profile("staff", List.of("Staff"), List.of());
        Profile staffInLabs = profile("staff in labs", List.of("staff"), List.of("lab-*"));
        Profile labs = profile("labs", List.of(), List.of("lab-*"));
        assertThat(staff.shadowedBy(all)).isTrue();
        assertThat(staffInLabs.shadowedBy(staff)).isTrue();
        assertThat(staffInLabs.shadowedBy(labs)).isTrue();
        assertThat(staff.shadowedBy(staffInLabs)).isFalse();
        assertThat(labs.shadowedBy(staff)).isFalse();
        assertThat(all.shadowedBy(staff)).isFalse();
    }

    static Profile profile(String name, List<String> groups, List<String> servers) {
        return new Profile(name, groups, servers.stream().map(Wildcard::of).toList(), List.of(), null, null, null, null,
                null, null, null);
    }
}
