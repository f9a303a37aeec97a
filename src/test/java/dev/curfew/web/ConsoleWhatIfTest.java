package dev.curfew.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over plain HTTP against a real daemon started in what-if mode: the sign-in, what a
 * request without one gets, the what-if banner on every page, and an action recorded, not sent.
 */
class ConsoleWhatIfTest {
    @TempDir
    static Path dir;
    static ConsoleDaemon curfew;

    @BeforeAll
    static void start() throws Exception {
        curfew = ConsoleDaemon.start(dir, true);
    }

    @AfterAll
    static void stop() {
        if (curfew != null) {
            curfew.close();
        }
    }

    @Test
    void withoutASignInPagesSendToTheFormAndActionsAreRefused() throws Exception {
        ConsoleClient nobody = new ConsoleClient(curfew.url);
        for (String page : List.of("/", "/console", "/console/sessions", "/console/history.csv", "/console/report")) {
            HttpResponse<String> r = nobody.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).hasValue("/console/login");
        }
        HttpResponse<String> act = nobody.post("/console/act", "action", "disconnect", "s", "ms01.school.local:4");
        assertThat(act.statusCode()).isEqualTo(401);
        assertThat(act.body()).isEqualTo("refused: not signed in (sign in at /console/login)\n");
        assertThat(nobody.get("/console/assets/htmx.min.js").body()).as("the script, from the jar").contains("htmx");
        assertThat(nobody.get("/api/sessions").statusCode()).as("the API keeps its own access").isEqualTo(401);
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneGivesAStrictHttpOnlyCookie() throws Exception {
        ConsoleClient olga = new ConsoleClient(curfew.url);
        HttpResponse<String> wrong = olga.signIn(ConsoleDaemon.OPERATOR, "wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong name or password.");
        HttpResponse<String> right = olga.signIn(ConsoleDaemon.OPERATOR, ConsoleDaemon.PASSWORD);
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/console/sessions");
        assertThat(right.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .matches(SignIns.COOKIE + "=[A-Za-z0-9_-]{43}; Path=/console; HttpOnly; SameSite=Strict"));
    }

    @Test
    void whatIfIsShownOnEveryPageAndAnActionIsRecordedNotSent() throws Exception {
        ConsoleClient olga = new ConsoleClient(curfew.url);
        olga.signIn(ConsoleDaemon.OPERATOR, ConsoleDaemon.PASSWORD);
        for (String page : List.of("sessions", "servers", "upcoming", "history", "report", "rules",
                "confirm?action=disconnect&s=ms01.school.local:4")) {
            HttpResponse<String> r = olga.get("/console/" + page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).contains("id=\"what-if\"").contains("What-if mode");
        }
        String csrf = ConsoleClient.csrf(olga.get("/console/sessions").body());

        HttpResponse<String> done = olga.post("/console/act", "csrf", csrf, "action", "disconnect", "s",
                "ms01.school.local:4");

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("what-if (not sent)");
        List<HistoryEntry> rows = curfew.curfew.history().query(new HistoryFilter(null, null, null, "carol", null,
                null, null, 0));
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(Source.WEB);
            assertThat(r.whatIf()).isTrue();
            assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(r.reason()).isEqualTo("by " + ConsoleDaemon.OPERATOR);
        });
        assertThat(curfew.curfew.host().session(ServerName.of("ms01.school.local"), 4)).get()
                .extracting(s -> s.state()).isEqualTo(SessionState.ACTIVE);

        HttpResponse<String> csv = olga.get("/console/history.csv?user=carol");
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines().toList()).hasSize(2).first().asString().startsWith("at,server,sessionId,user");
        assertThat(csv.body().lines().skip(1).findFirst().orElseThrow()).contains(",carol,").contains(",web,");
    }

    @Test
    void aSelectionIsConfirmedByNameAndActsOnEachOfItsSessions() throws Exception {
        ConsoleClient olga = new ConsoleClient(curfew.url);
        olga.signIn(ConsoleDaemon.OPERATOR, ConsoleDaemon.PASSWORD);

        HttpResponse<String> confirm = olga.get("/console/confirm?action=logoff&s=ms01.school.local:6&s=ms02.school.local:3");

        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("erin").contains("grace");
        String csrf = ConsoleClient.csrf(confirm.body());
        HttpResponse<String> done = olga.post("/console/act", "csrf", csrf, "action", "logoff",
                "s", "ms01.school.local:6", "s", "ms02.school.local:3");

        assertThat(done.statusCode()).isEqualTo(200);
        List<HistoryEntry> web = curfew.curfew.history().query(new HistoryFilter(null, null, null, null, null,
                null, null, 0)).stream().filter(r -> r.source() == Source.WEB && !r.user().equals("carol")).toList();
        assertThat(web).extracting(HistoryEntry::user).containsExactlyInAnyOrder("erin", "grace");
        assertThat(web).allSatisfy(r -> assertThat(r.reason()).isEqualTo("by " + ConsoleDaemon.OPERATOR));
    }
}
