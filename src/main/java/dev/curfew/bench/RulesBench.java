package dev.curfew.bench;

final class RulesBench {
    private RulesBench() {
    }

    static Section run(BenchOptions o, dev.curfew.policy.RuleSet rules) {
        throw new UnsupportedOperationException("todo");
    }
}
