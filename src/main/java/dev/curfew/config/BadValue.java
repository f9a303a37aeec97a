package dev.curfew.config;

/**
 * A value that its record's constructor refuses, named by its key relative to the record
 * ({@code action}, {@code servers[1]}), so that the loader can say where it is in the file.
 */
public class BadValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public BadValue(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
