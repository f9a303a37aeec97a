package dev.curfew.report;

import dev.curfew.policy.ActionType;

/** How many warnings, disconnects and logoffs were recorded under one key, and how many of them failed; mutable while summed. */
final class Counts {
    long warnings;
    long disconnects;
    long logoffs;
    long failed;

    Counts() {
    }

    Counts(long warnings, long disconnects, long logoffs, long failed) {
        this.warnings = warnings;
        this.disconnects = disconnects;
        this.logoffs = logoffs;
        this.failed = failed;
    }

    void add(ActionType action, boolean failure) {
        switch (action) {
            case WARN -> warnings++;
            case DISCONNECT -> disconnects++;
            case LOGOFF -> logoffs++;
        }
        if (failure) {
            failed++;
        }
    }

    void add(Counts other) {
        warnings += other.warnings;
        disconnects += other.disconnects;
        logoffs += other.logoffs;
        failed += other.failed;
    }

    long total() {
        return warnings + disconnects + logoffs;
    }

    Report.Tally tally(String key) {
        return new Report.Tally(key, warnings, disconnects, logoffs, failed);
    }
}
