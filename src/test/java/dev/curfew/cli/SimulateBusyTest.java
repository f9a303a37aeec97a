package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code curfew simulate} of sessions kept busy by their programs and CPU, end to end (busy/busy-day.yaml). */
class SimulateBusyTest {
    static final String BUSY = "src/test/resources/busy";

    @Test
    void busySessionsStayPastTheIdleLimitAndTheTableShowsTheProgramsAndCpuOfEachAction() {
        Cli cli = Cli.run("--config", BUSY, "--rules", "rules", "simulate", "--scenario", BUSY + "/busy-day.yaml");
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).isEqualTo("""
                TIME                 SERVER  ID  USER   ACTION      RULE        REASON    PROGRAMS      CPU
                2026-11-23 08:28:00  ms01    4   carol  warn        idle limit  idle 28m  busy.exe      10.0s
                2026-11-23 08:28:00  ms01    5   dave   warn        idle limit  idle 28m  explorer.exe  0.0s
                2026-11-23 08:30:00  ms01    4   carol  disconnect  idle limit  idle 30m  busy.exe      10.0s
                2026-11-23 08:30:00  ms01    5   dave   disconnect  idle limit  idle 30m  explorer.exe  0.0s
                2026-11-23 09:28:00  ms01    3   bob    warn        idle limit  idle 28m  solver.exe    0.0s
                2026-11-23 09:30:00  ms01    3   bob    disconnect  idle limit  idle 30m  solver.exe    0.0s
                2026-11-23 09:57:00  ms01    2   alice  warn        idle limit  idle 28m  explorer.exe  0.0s
                2026-11-23 09:59:00  ms01    2   alice  disconnect  idle limit  idle 30m  explorer.exe  0.0s
                8 actions
                """);
    }
}
