package dev.curfew.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the closing storm writes its history: a fresh H2 file (the default), or a PostgreSQL
 * database whose tables are emptied before each storm. Emptying a database is only done to one
 * whose name contains {@code bench}, so that a URL copied from a daemon's configuration is refused
 * instead of wiping a real history.
 *
 * <pre>{@code
 * StormHistory pg = StormHistory.postgres("jdbc:postgresql://localhost:5433/bench", "postgres", null);
 * pg.label();   // PostgreSQL localhost:5433/bench
 * }</pre>
 *
 * @param url the PostgreSQL JDBC URL; null for H2
 * @param user the account; null for the login name, as psql takes it
 * @param password the password; null for none
 */
public record StormHistory(String url, String user, String password) {
    public static final StormHistory H2 = new StormHistory(null, null, null);
    private static final String PREFIX = "jdbc:postgresql:";

    public StormHistory {
        if (url != null) {
            String database = database(url);
            if (!database.toLowerCase(Locale.ROOT).contains("bench")) {
                throw new IllegalArgumentException("database \"" + database + "\" is not a benchmark database: the storm"
                        + " empties the tables of the database it writes to, so it writes only to one whose name"
                        + " contains \"bench\"");
            }
        }
    }

    /** A PostgreSQL database; the URL is checked, not yet connected to. */
    public static StormHistory postgres(String url, String user, String password) {
        return new StormHistory(url, user == null ? System.getProperty("user.name") : user, password);
    }

    boolean isH2() {
        return url == null;
    }

    /** Which database, for the tables: {@code H2} or {@code PostgreSQL host:port/database} (never the password). */
    public String label() {
        if (isH2()) {
            return "H2";
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        return "PostgreSQL " + (query < 0 ? rest : rest.substring(0, query)).replaceFirst("^//", "");
    }

    /** Connects once, so that a wrong host, account or password is said before the benchmarks run. */
    public void check() {
        if (isH2()) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection(url, p)) {
            c.isValid(10);
        } catch (SQLException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("cannot connect to " + label() + " as " + user + ": " + m, e);
        }
    }

    /** The database a {@code jdbc:postgresql:} URL names: {@code //host:port/db?...}, {@code //host/db} or {@code db}. */
    static String database(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("\"" + url + "\" is not a PostgreSQL JDBC URL (use"
                    + " jdbc:postgresql://host[:port]/database)");
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash + 1);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("\"" + url + "\" names no database (use jdbc:postgresql://host[:port]/database)");
        }
        return rest;
    }
}
