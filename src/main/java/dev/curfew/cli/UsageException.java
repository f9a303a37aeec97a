package dev.curfew.cli;

import dev.curfew.CurfewException;

/** A command line that cannot be carried out as written; exit code 2. */
final class UsageException extends CurfewException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
