package dev.curfew.bench;

final class TimingBench {
    private TimingBench() {
    }

    static Section run(BenchOptions o, dev.curfew.policy.RuleSet rules) {
        throw new UnsupportedOperationException("todo");
    }
}
