package dev.curfew.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A simulated fleet for the cluster tests, written as a scenario file: {@code servers} servers,
 * each with {@code idle} sessions whose idle limit (30m) falls due one after another, every two
 * seconds across the fleet from 4 s after the start, and one session busy all day that only the
 * closing ends. Every daemon plays it from the same {@link #start()}.
 */
record Fleet(Instant start, int servers, int idle) {
    static final Duration FIRST_DUE = Duration.ofSeconds(4);
    static final Duration SPACING = Duration.ofSeconds(2);

    /** A fleet whose day starts {@code in} from now: time for the daemons to start first. */
    static Fleet startingIn(Duration in, int servers, int idle) {
        return new Fleet(Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS), servers, idle);
    }

    static String server(int j) {
        return "ts" + (j + 1) + ".school.local";
    }

    /** How many sessions have a user: each is disconnected once, by its idle limit or the closing. */
    int userSessions() {
        return servers * (idle + 1);
    }

    Instant lastDue() {
        return start.plus(FIRST_DUE).plus(SPACING.multipliedBy((long) servers * idle - 1));
    }

    void write(Path file) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("zone: UTC\nstart: ").append(local(start)).append("\nend: ").append(local(start.plus(Duration.ofHours(2))))
                .append("\nservers:\n");
        for (int j = 0; j < servers; j++) {
            y.append("  - name: ").append(server(j)).append("\n    sessions:\n");
            y.append("      - { id: 0, station: Services, state: Disconnected }\n");
            for (int i = 1; i <= idle; i++) {
                Instant due = start.plus(FIRST_DUE).plus(SPACING.multipliedBy((long) (i - 1) * servers + j));
                Instant lastInput = due.minus(Duration.ofMinutes(30));
                y.append("      - { id: ").append(i).append(", user: u").append(j + 1).append('_').append(i)
                        .append(", domain: SCHOOL, station: \"RDP-Tcp#").append(i).append("\", client: PC-").append(i)
                        .append(", logon: ").append(local(lastInput.minus(Duration.ofMinutes(5))))
                        .append(", lastInput: ").append(local(lastInput)).append(" }\n");
            }
            int busy = idle + 1;
            y.append("      - id: ").append(busy).append("\n        user: worker").append(j + 1)
                    .append("\n        domain: SCHOOL\n        station: \"RDP-Tcp#").append(busy)
                    .append("\"\n        client: PC-").append(busy).append("\n        logon: ").append(local(start))
                    .append("\n        events:\n          - { at: ").append(local(start)).append(", do: busy, until: ")
                    .append(local(start.plus(Duration.ofHours(2)))).append(" }\n");
        }
        Files.writeString(file, y.toString());
    }

    private static String local(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC).toString();
    }
}
