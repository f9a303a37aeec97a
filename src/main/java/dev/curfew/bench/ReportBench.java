package dev.curfew.bench;

final class ReportBench {
    private ReportBench() {
    }

    static Section run(BenchOptions o) {
        throw new UnsupportedOperationException("todo");
    }
}
