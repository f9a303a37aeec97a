package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code curfew service ...} against the fake SCM: what CreateServiceW and ChangeServiceConfig2W got, the errors. */
@ExtendWith(FakeAdvapi32Extension.class)
class ServiceManagerTest {
    private static final String HOME = "C:\\Program Files\\curfew 0.1";
    private static final String JAVA = "C:\\Program Files\\Java\\jdk-17";

    private final FakeAdvapi32 fake;

    ServiceManagerTest(FakeAdvapi32 fake) {
        this.fake = fake;
    }

    @Test
    void theBinaryPathQuotesEachPartWithSpacesAsCommandLineToArgvWReadsIt() {
        assertThat(ServiceManager.binaryPath(JAVA, HOME, HOME + "\\config", HOME + "\\rules")).isEqualTo(
                "\"C:\\Program Files\\Java\\jdk-17\\bin\\java.exe\" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                        + " -XX:G1PeriodicGCInterval=10000 \"-Dcurfew.home=C:\\Program Files\\curfew 0.1\" -jar"
                        + " \"C:\\Program Files\\curfew 0.1\\lib\\curfew.jar\" --config"
                        + " \"C:\\Program Files\\curfew 0.1\\config\" --rules \"C:\\Program Files\\curfew 0.1\\rules\""
                        + " run --service");
        assertThat(ServiceManager.quote("C:\\a b\\")).isEqualTo("\"C:\\a b\\\\\"");
        assertThat(ServiceManager.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(ServiceManager.quote("a\\\"b")).isEqualTo("\"a\\\\\\\"b\"");
        assertThat(ServiceManager.quote("")).isEqualTo("\"\"");
        assertThat(ServiceManager.quote("C:\\plain\\path")).isEqualTo("C:\\plain\\path");
    }

    @Test
    void installWritesTheBinaryPathDescriptionFailureActionsAndDelayedStart(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("curfew 0.1"));
        Result result = curfew("--config", home.resolve("config").toString(), "--rules", home.resolve("rules").toString(),
                "service", "install", "--home", home.toString(), "--start", "delayed");
        assertThat(result.err).isEmpty();
        assertThat(result.code).isZero();
        assertThat(result.out).contains("installed the service curfew (delayed start, LocalSystem)");
        assertThat(fake.text("curfew", "binaryPath")).isEqualTo(ServiceManager.binaryPath(System.getProperty("java.home"),
                home.toString(), home.resolve("config").toString(), home.resolve("rules").toString()));
        assertThat(fake.text("curfew", "binaryPath")).contains("\"-Dcurfew.home=" + home + "\"").endsWith(" run --service");
        assertThat(fake.text("curfew", "account")).isEqualTo("(null)");
        assertThat(fake.number("curfew", "serviceType")).isEqualTo(0x10);
        assertThat(fake.number("curfew", "startType")).isEqualTo(2);
        assertThat(fake.text("curfew", "description")).startsWith("Warns, disconnects or logs off");
        assertThat(fake.number("curfew", "failureActions")).isEqualTo(1);
        assertThat(fake.number("curfew", "resetPeriod")).isEqualTo(86_400);
        assertThat(fake.number("curfew", "actions")).isEqualTo(3);
        assertThat(List.of(fake.number("curfew", "actionType", 0), fake.number("curfew", "actionType", 1),
                fake.number("curfew", "actionType", 2))).containsExactly(1, 1, 0);
        assertThat(List.of(fake.number("curfew", "actionDelay", 0), fake.number("curfew", "actionDelay", 1)))
                .containsExactly(60_000, 60_000);
        assertThat(fake.number("curfew", "delayedSet")).isEqualTo(1);
        assertThat(fake.number("curfew", "delayed")).isEqualTo(1);

        Result again = curfew("service", "install", "--home", home.toString());
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err.lines().toList()).singleElement().asString()
                .startsWith("curfew: service install: ERROR_SERVICE_EXISTS (1073): a service named curfew exists");
    }

    @Test
    void anAccountWithItsPasswordFileAndAManualStart(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password.txt"), "s3cret é\n");
        Result result = curfew("service", "install", "--home", dir.toString(), "--name", "curfew-b",
                "--account", "CORP\\svc-curfew", "--password-file", password.toString(), "--start", "manual");
        assertThat(result.code).as(result.err).isZero();
        assertThat(fake.text("curfew-b", "account")).isEqualTo("CORP\\svc-curfew");
        assertThat(fake.text("curfew-b", "password")).isEqualTo("s3cret é");
        assertThat(fake.number("curfew-b", "startType")).isEqualTo(3);
        assertThat(fake.number("curfew-b", "delayedSet")).isZero();
        assertThat(curfew("service", "install", "--home", dir.toString(), "--password-file", password.toString()).code)
                .isEqualTo(2);
    }

    @Test
    void statusStartStopAndUninstall() {
        fake.addService("curfew", ApiState.STOPPED);
        assertThat(curfew("service", "status").out).isEqualTo("curfew: stopped\n");
        assertThat(curfew("service", "start").code).isZero();
        assertThat(curfew("service", "status").out).startsWith("curfew: running");
        Result again = curfew("service", "start");
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).startsWith("curfew: service start: ERROR_SERVICE_ALREADY_RUNNING (1056)");
        assertThat(curfew("service", "stop").out).isEqualTo("curfew: stopped\n");
        assertThat(curfew("service", "uninstall").code).isZero();
        assertThat(fake.exists("curfew")).isFalse();
    }

    @Test
    void aMissingServiceIs1060AndNoAdministratorIs5() {
        for (String verb : List.of("uninstall", "start", "stop", "status")) {
            Result missing = curfew("service", verb);
            assertThat(missing.code).isEqualTo(1);
            assertThat(missing.err).isEqualTo("curfew: service " + verb
                    + ": ERROR_SERVICE_DOES_NOT_EXIST (1060): no service named curfew (curfew service install first)\n");
        }
        fake.notAdministrator();
        Result denied = curfew("service", "install", "--home", "C:\\curfew");
        assertThat(denied.code).isEqualTo(1);
        assertThat(denied.err).isEqualTo("curfew: service install: ERROR_ACCESS_DENIED (5): run it as an administrator\n");
        fake.addService("curfew", ApiState.RUNNING);
        assertThat(curfew("service", "stop").err)
                .isEqualTo("curfew: service stop: ERROR_ACCESS_DENIED (5): run it as an administrator\n");
        assertThat(curfew("service", "status").out).startsWith("curfew: running");
    }

    @Test
    void badUsageIsExitCode2() {
        assertThat(curfew("service", "install", "--start", "sometimes").code).isEqualTo(2);
        assertThat(curfew("service", "frobnicate").code).isEqualTo(2);
    }

    /** SERVICE_STOPPED and SERVICE_RUNNING, as the fake takes them. */
    private static final class ApiState {
        static final int STOPPED = ServiceApi.SERVICE_STOPPED;
        static final int RUNNING = ServiceApi.SERVICE_RUNNING;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result curfew(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
    }
}
