package dev.curfew.report;

import dev.curfew.CurfewException;

/** A report could not be made: its roll-ups could not be read or stored. */
public class ReportException extends CurfewException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReportException(String message) {
        super(message);
    }
}
