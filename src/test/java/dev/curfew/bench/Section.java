package dev.curfew.bench;

import java.util.ArrayList;
import java.util.List;

/** One benchmark's results: what was run, a table of target / measured / met, and notes. */
final class Section {
    /** One line of the table; {@code met} is null where there is no target. */
    record Row(String metric, String target, String measured, Boolean met) {
    }

    private final String title;
    private final String sizes;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String loadBefore = Machine.load();
    private String loadAfter;
    private long seconds;

    Section(String title, String sizes) {
        this.title = title;
        this.sizes = sizes;
    }

    Section row(String metric, String target, String measured, Boolean met) {
        rows.add(new Row(metric, target, measured, met));
        return this;
    }

    Section info(String metric, String measured) {
        return row(metric, "", measured, null);
    }

    Section note(String text) {
        notes.add(text);
        return this;
    }

    Section finish(long elapsedSeconds) {
        loadAfter = Machine.load();
        seconds = elapsedSeconds;
        return this;
    }

    String title() { return title; }
    String sizes() { return sizes; }
    List<Row> rows() { return rows; }
    List<String> notes() { return notes; }
    String loadBefore() { return loadBefore; }
    String loadAfter() { return loadAfter; }
    long seconds() { return seconds; }

    /** The section for the console: a plain aligned table. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(title).append(" (").append(sizes).append(")\n");
        int w0 = 6, w1 = 6, w2 = 8;
        for (Row r : rows) {
            w0 = Math.max(w0, r.metric().length());
            w1 = Math.max(w1, r.target().length());
            w2 = Math.max(w2, r.measured().length());
        }
        String fmt = "  %-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  %s%n";
        out.append(String.format(fmt, "METRIC", "TARGET", "MEASURED", "MET"));
        for (Row r : rows) {
            out.append(String.format(fmt, r.metric(), r.target(), r.measured(), met(r.met())));
        }
        out.append("  load average before/after: ").append(loadBefore).append(" / ").append(loadAfter)
                .append("; took ").append(seconds).append(" s\n");
        for (String n : notes) {
            out.append("  - ").append(n).append('\n');
        }
        return out.toString();
    }

    static String met(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }
}
