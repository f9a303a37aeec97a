package dev.curfew.bench;

final class FootprintBench {
    private FootprintBench() {
    }

    static Section run(BenchOptions o, long compileMillis) {
        throw new UnsupportedOperationException("todo");
    }
}
