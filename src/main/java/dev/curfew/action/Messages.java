package dev.curfew.action;

import dev.curfew.policy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Fills the warning templates: {@code {user}}, {@code {minutes}}, {@code {time}} and {@code {action}}. */
final class Messages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private Messages() {
    }

    static String fill(String template, Decision warning, Instant now, ZoneId zone) {
        long seconds = Math.max(0, Duration.between(now, warning.due()).getSeconds());
        long minutes = (seconds + 59) / 60;
        String user = warning.session().user().isEmpty() ? "User" : warning.session().user();
        return template.replace("{user}", user)
                .replace("{minutes}", Long.toString(minutes))
                .replace("{time}", TIME.format(warning.due().atZone(zone)))
                .replace("{action}", warning.announces().label());
    }
}
