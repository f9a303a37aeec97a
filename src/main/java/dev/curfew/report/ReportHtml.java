package dev.curfew.report;

import dev.curfew.config.Durations;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes a {@link Report} as one self-contained HTML page: inline CSS, charts as PNG {@code data:}
 * URIs, the tables under them; no script, font or image is fetched from anywhere.
 *
 * <pre>{@code
 * Files.writeString(file, ReportHtml.render(report));
 * }</pre>
 */
public final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String CSS = """
            body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:2em auto;max-width:980px;color:#222}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
            .period{color:#555;margin-top:0}.cards{display:flex;gap:1em;margin:1em 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:8em}
            .card b{display:block;font-size:1.6em}img{width:100%;max-width:900px;height:auto}
            table{border-collapse:collapse;margin:.5em 0 1em}th,td{padding:.25em .8em;border-bottom:1px solid #e4e4e4}
            th{text-align:left;background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .none{color:#777;font-style:italic}
            """;

    private ReportHtml() {
    }

    public static String render(Report r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>curfew report ")
                .append(esc(day(r.since(), r))).append(" to ").append(esc(day(r.until(), r))).append("</title>\n<style>")
                .append(CSS).append("</style></head><body>\n");
        h.append(sections(r));
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * The report's headings, cards, charts and tables without the page around them and its style
     * (the web console shows them in its own page, styled by its own sheet).
     */
    public static String sections(Report r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<h1>curfew report").append(r.whatIf() ? " (what-if actions)" : "").append("</h1>\n");
        h.append("<p class=\"period\">").append(esc(time(r.since(), r))).append(" to ").append(esc(time(r.until(), r)))
                .append(" (").append(esc(r.zone().getId())).append(")</p>\n");
        h.append("<div class=\"cards\">");
        card(h, "actions", r.total());
        card(h, "failed or unknown", r.perDay().stream().mapToLong(Report.Tally::failed).sum());
        card(h, "come-backs within " + Durations.format(r.comebackWindow()), r.comebacks().size());
        card(h, "servers", r.perServer().size());
        h.append("</div>\n");

        h.append("<h2>Actions per day</h2>\n");
        image(h, ReportCharts.actionsPerDay(r.perDayAndRule()), "Actions per day, stacked by rule");
        tallies(h, "day", r.perDay());
        h.append("<h2>Idle time at disconnect</h2>\n");
        ReportCharts.Histogram idle = ReportCharts.idleHistogram(r.idleSecondsAtDisconnect());
        image(h, idle.dataUri(), String.format(Locale.ROOT, "Histogram of idle minutes at disconnect: idle %s to %s"
                + " minutes, 0 to %s disconnects", number(idle.fromMinutes()), number(idle.toMinutes()),
                number(idle.mostDisconnects())));
        table(h, List.of("idle (minutes)", "disconnects"), idle.bins(), b -> List.of(b.fromMinutes() + " to "
                + b.toMinutes(), Long.toString(b.disconnects())));
        h.append("<h2>Top users</h2>\n");
        image(h, ReportCharts.topUsers(r.topUsers()), "Users with the most actions");
        tallies(h, "user", r.topUsers());
        h.append("<h2>Per server</h2>\n");
        tallies(h, "server", r.perServer());
        h.append("<h2>Per rule</h2>\n");
        tallies(h, "rule", r.perRule());

        h.append("<h2>Come-backs</h2>\n<p>Sessions curfew disconnected or logged off whose user connected again to the"
                + " same server within ").append(esc(Durations.format(r.comebackWindow())))
                .append(": many of them hint that a limit is too tight.</p>\n");
        table(h, List.of("time", "server", "session", "user", "action", "rule", "back after"), r.comebacks(),
                c -> List.of(time(c.at(), r), c.server(), Integer.toString(c.sessionId()), c.user(), c.action().label(),
                        c.rule(), Durations.format(c.after())));
        h.append("<h2>Failures</h2>\n");
        table(h, List.of("time", "server", "session", "user", "action", "rule", "outcome", "error"), r.failures(),
                e -> List.of(time(e.at(), r), e.server(), Integer.toString(e.sessionId()), e.user(),
                        e.action().label(), e.rule(), e.outcome().label(), e.error() == null ? "" : e.error()));
        return h.toString();
    }

    private static void card(StringBuilder h, String label, long value) {
        h.append("<div class=\"card\"><b>").append(value).append("</b>").append(esc(label)).append("</div>");
    }

    private static void image(StringBuilder h, String dataUri, String alt) {
        h.append("<img src=\"").append(dataUri).append("\" alt=\"").append(esc(alt)).append("\" width=\"")
                .append(ReportCharts.WIDTH).append("\" height=\"").append(ReportCharts.HEIGHT).append("\">\n");
    }

    private static void tallies(StringBuilder h, String what, List<Report.Tally> tallies) {
        table(h, List.of(what, "actions", "warnings", "disconnects", "logoffs", "failed"), tallies,
                t -> List.of(t.key(), Long.toString(t.total()), Long.toString(t.warnings()),
                        Long.toString(t.disconnects()), Long.toString(t.logoffs()), Long.toString(t.failed())));
    }

    private static <T> void table(StringBuilder h, List<String> headers, List<T> rows, Function<T, List<String>> cells) {
        if (rows.isEmpty()) {
            h.append("<p class=\"none\">None.</p>\n");
            return;
        }
        h.append("<table><tr>");
        headers.forEach(x -> h.append("<th>").append(esc(x)).append("</th>"));
        h.append("</tr>\n");
        for (T row : rows) {
            h.append("<tr>");
            for (String c : cells.apply(row)) {
                h.append(c.matches("\\d+") ? "<td class=\"n\">" : "<td>").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** An axis bound as people write it: 40, 1.5. */
    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String time(Instant i, Report r) {
        return TIME.format(i.atZone(r.zone()));
    }

    private static String day(Instant i, Report r) {
        return i.atZone(r.zone()).toLocalDate().toString();
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
