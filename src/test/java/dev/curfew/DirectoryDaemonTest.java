package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.cli.Main;
import dev.curfew.config.ConfigLoader;
import dev.curfew.directory.TestLdap;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.policy.ActionType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon with a directory: a rule by group acts once the groups are known; a refused password stops the start. */
class DirectoryDaemonTest {
    @TempDir
    Path dir;

    TestLdap ldap;

    @BeforeEach
    void start() throws Exception {
        ldap = new TestLdap();
    }

    @AfterEach
    void stop() {
        ldap.close();
    }

    /** The demo on a 1 s sweep, its users' groups from the test directory, the password in a file. */
    Path config(String password) throws IOException {
        ShippedConfig.copyTo(dir, "1s");
        Files.writeString(dir.resolve("ldap-password.txt"), password + "\n");
        Files.writeString(dir.resolve("curfew.yaml"), """

                directory:
                  url: %s
                  bindDn: "%s"
                  passwordFile: ldap-password.txt
                  baseDn: "%s"
                """.formatted(ldap.url(), TestLdap.BIND_DN, TestLdap.BASE), java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    @Test
    void aRuleByGroupActsOnTheDirectorysStudentsOnly() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("students.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;
                rule "students out"
                when
                    $s : Session( userPresent, this.memberOf("SCHOOL\\\\students") )
                then
                    decisions.act($s, ActionType.LOGOFF, "students out", "not in a lesson");
                end
                """);
        Curfew curfew = new Curfew(ConfigLoader.load(config(TestLdap.PASSWORD)), rules, Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL), r -> !r.isEmpty());
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.user()).isEqualTo("alice");   // in Students; bob, carol and frank are not
                assertThat(r.action()).isEqualTo(ActionType.LOGOFF);
                assertThat(r.rule()).isEqualTo("students out");
            });
            long sweeps = curfew.history().countSweeps();
            Await.until("two sweeps more", java.time.Duration.ofSeconds(30), () -> curfew.history().countSweeps() >= sweeps + 2);
            assertThat(curfew.history().query(HistoryFilter.ALL)).as("no one else").hasSize(1);
            assertThat(curfew.history().directoryStatus()).as("no outage").isEmpty();
        } finally {
            daemon.close();
        }
    }

    @Test
    void aProfileByGroupAppliesOnceTheDirectoryHasAnsweredAndIsRecorded() throws Exception {
        Path yaml = config(TestLdap.PASSWORD).resolve("curfew.yaml");
        String text = Files.readString(yaml);
        assertThat(text).contains("\npolicy:\n");
        Files.writeString(yaml, text.replace("\npolicy:\n", "\npolicy:\n  profiles:\n"
                + "    - { name: students, groups: [Students], idle: { limit: 10m, warn: 0s, action: logoff } }\n"));
        Curfew curfew = new Curfew(ConfigLoader.load(dir), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            // alice (in Students through the directory, idle 29m) is logged off in her profile once her groups are known.
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL),
                    r -> r.stream().anyMatch(e -> e.action() == ActionType.LOGOFF && e.user().equals("alice")));
            HistoryEntry alice = rows.stream().filter(e -> e.user().equals("alice") && e.action() == ActionType.LOGOFF)
                    .findFirst().orElseThrow();
            assertThat(alice.rule()).isEqualTo("idle limit");
            assertThat(alice.profile()).isEqualTo("students");
            assertThat(rows).filteredOn(e -> !e.user().equals("alice")).extracting(HistoryEntry::profile)
                    .as("bob and frank are in no profile").isNotEmpty().containsOnlyNulls();
        } finally {
            daemon.close();
        }
    }

    @Test
    void aUserNeverAllowedByHerLogonHoursIsWarnedThenClosedAndADirectoryChangeNeedsARestart() throws Exception {
        ldap.logonHours("carol", new byte[21]);   // all zero: no hour of the week
        Path yaml = config(TestLdap.PASSWORD).resolve("curfew.yaml");
        // carol logged on 10 minutes before the demo's start: closed the lead after, 8 s into the run.
        String text = Files.readString(yaml);
        assertThat(text).contains("    warn: [15m, 5m, 1m]\n").contains("\n  logonHours: off");
        Files.writeString(yaml, text.replace("\n  logonHours: off", "\n  logonHours: enforce")
                .replace("    warn: [15m, 5m, 1m]\n", "    warn: [10m8s]\n"));
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Logger daemonLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Daemon.class);
        daemonLog.addAppender(logged);
        Curfew curfew = new Curfew(ConfigLoader.load(dir), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL),
                    r -> r.stream().anyMatch(e -> e.user().equals("carol") && e.action() == ActionType.DISCONNECT));
            List<HistoryEntry> carol = rows.stream().filter(e -> e.user().equals("carol")).toList();
            assertThat(carol).extracting(e -> e.action().label() + " (" + e.rule() + ")")
                    .containsExactly("warn (logon hours, 10m8s before)", "disconnect (logon hours)");
            assertThat(rows).filteredOn(e -> !e.user().equals("carol")).extracting(HistoryEntry::rule)
                    .as("the others have no logon hours").isNotEmpty().noneMatch(r -> r.startsWith("logon hours"));

            Files.writeString(yaml, Files.readString(yaml).replace("  passwordFile: ldap-password.txt\n",
                    "  passwordFile: ldap-password.txt\n  cacheTime: 1h\n"));
            Await.until("the reload's warning", java.time.Duration.ofSeconds(20), () -> logged.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("directory: changed in " + yaml + ": the running"
                            + " daemon keeps the directory it started with until it is restarted")));
        } finally {
            daemon.close();
            daemonLog.detachAppender(logged);
        }
    }

    @Test
    void aRefusedPasswordIsOneLineNamingTheKeyAndExitTwo() throws Exception {
        config("not-the-password");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--config", dir.toString(), "run");

        assertThat(code).isEqualTo(Main.BAD_USAGE);
        int line = Files.readAllLines(dir.resolve("curfew.yaml")).lastIndexOf("  passwordFile: ldap-password.txt") + 1;
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("curfew: " + dir.resolve("curfew.yaml") + ":" + line + ": directory.passwordFile: "
                        + "the directory refused the bind as \"" + TestLdap.BIND_DN + "\": ")
                .doesNotContain("not-the-password");
    }

    @Test
    void aMissingPasswordFileOrVariableIsOneLineNamingTheKey() throws Exception {
        config("unused");
        Files.delete(dir.resolve("ldap-password.txt"));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "--config",
                dir.toString(), "run");
        assertThat(code).isEqualTo(Main.BAD_USAGE);
        assertThat(err.toString().lines()).singleElement().asString().endsWith(": directory.passwordFile: "
                + dir.resolve("ldap-password.txt") + ": file not found");

        Path yaml = dir.resolve("curfew.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("passwordFile: ldap-password.txt",
                "passwordEnv: CURFEW_TEST_NO_SUCH_VARIABLE"));
        StringWriter err2 = new StringWriter();
        code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true), "--config",
                dir.toString(), "run");
        assertThat(code).isEqualTo(Main.BAD_USAGE);
        assertThat(err2.toString().lines()).singleElement().asString().endsWith(": directory.passwordEnv: the "
                + "environment variable CURFEW_TEST_NO_SUCH_VARIABLE is not set (set it to the bind password)");
    }
}
