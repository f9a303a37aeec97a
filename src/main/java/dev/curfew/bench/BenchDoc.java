package dev.curfew.bench;

import java.util.List;
import java.util.Set;

final class BenchDoc {
    private BenchDoc() {
    }

    static String render(String commandLine, BenchOptions o, Set<Benchmarks.Kind> kinds, List<Section> sections) {
        StringBuilder b = new StringBuilder();
        for (Section s : sections) {
            b.append(s.text());
        }
        return b.toString();
    }
}
