package dev.curfew.session;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A server's name as given in the config or on the command line: a DNS name, a NetBIOS name,
 * an IP address or {@code localhost}. Compared case-insensitively, as Windows does.
 */
public record ServerName(String value) implements Comparable<ServerName> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252}[A-Za-z0-9])?|\\[?[0-9A-Fa-f:.]+]?");

    public static final ServerName LOCALHOST = new ServerName("localhost");

    public ServerName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a server name must not be empty");
        }
        value = value.trim();
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("\"" + value + "\" is not a server name (use a host name like ms01.school.local, a NetBIOS name or an IP address)");
        }
    }

    public static ServerName of(String value) {
        return new ServerName(value);
    }

    public boolean isLocal() {
        return value.equalsIgnoreCase("localhost") || value.equals(".") || value.equals("127.0.0.1");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerName name && name.value.equalsIgnoreCase(value);
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public int compareTo(ServerName other) {
        return value.compareToIgnoreCase(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
