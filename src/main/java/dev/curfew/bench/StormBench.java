package dev.curfew.bench;

final class StormBench {
    private StormBench() {
    }

    static Section run(BenchOptions o, dev.curfew.policy.RuleSet rules) {
        throw new UnsupportedOperationException("todo");
    }
}
