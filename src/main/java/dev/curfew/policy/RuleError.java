package dev.curfew.policy;

/** One compilation error in a rules file: {@code rules/idle.drl:12: message}. Line 0 means unknown. */
public record RuleError(String file, int line, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
