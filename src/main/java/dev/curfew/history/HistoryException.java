package dev.curfew.history;

import dev.curfew.CurfewException;

/** The history database could not be opened, migrated, written or read. */
public class HistoryException extends CurfewException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public HistoryException(String message) {
        super(message);
    }
}
