package dev.curfew.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/** Renders a run as docs/BENCHMARKS.md: how to run it, the machine, a table per benchmark, the notes. */
final class BenchDoc {
    private BenchDoc() {
    }

    static String render(String commandLine, BenchOptions o, Set<Benchmarks.Kind> kinds, List<Section> sections) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Written by the benchmarks (`./mvnw -B -Pbench verify`) on ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(". Re-run from a fresh clone with the command below; it rewrites this file.\n\n");
        b.append("```sh\n").append(commandLine).append("\n```\n\n");
        b.append("| machine | |\n|---|---|\n");
        b.append("| cores | ").append(Machine.cores()).append(" |\n");
        b.append("| memory | ").append(String.format("%,d MiB", Machine.memoryMib())).append(" |\n");
        b.append("| JDK | ").append(Machine.jdk()).append(" |\n");
        b.append("| OS | ").append(Machine.os()).append(" |\n");
        b.append("| benchmark JVM max heap | ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB |\n");
        b.append("| sizes | ").append(o.fleetSize()).append(String.format("; %,d report rows", o.reportRows()))
                .append(" |\n");
        b.append("| benchmarks run | ").append(kinds.toString().toLowerCase(java.util.Locale.ROOT)).append(" |\n\n");
        b.append("The load average (1, 5, 15 minutes, as `uptime` prints it) is given before and after each "
                + "benchmark: where it is above the number of cores, other work shared the machine and the figures "
                + "are lower and noisier than on an idle one.\n\n");
        for (Section s : sections) {
            b.append("## ").append(s.title()).append("\n\n");
            b.append(s.sizes()).append(". Load average before ").append(s.loadBefore()).append(", after ")
                    .append(s.loadAfter()).append("; took ").append(s.seconds()).append(" s.\n\n");
            b.append("| measure | target | measured | met |\n|---|---|---|---|\n");
            for (Section.Row r : s.rows()) {
                b.append("| ").append(cell(r.metric())).append(" | ").append(cell(r.target())).append(" | ")
                        .append(cell(r.measured())).append(" | ").append(Section.met(r.met())).append(" |\n");
            }
            b.append('\n');
            for (String n : s.notes()) {
                b.append("- ").append(n).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
