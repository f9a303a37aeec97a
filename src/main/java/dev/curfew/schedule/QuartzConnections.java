package dev.curfew.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * The connection pool of Quartz's JDBC job store: HikariCP on {@code schedule.url}. Quartz makes it
 * from the properties {@code org.quartz.dataSource.NAME.*} (one setter each), initializes it before
 * the scheduler starts and shuts it down with the scheduler. A short connection timeout makes a
 * database outage show at once instead of holding the scheduler's threads.
 */
public final class QuartzConnections implements ConnectionProvider {
    private String url;
    private String user;
    private String password;
    private int maxConnections = 10;
    private long connectionTimeoutMillis = 3000;
    private String poolName = "curfew-quartz";
    private HikariDataSource dataSource;

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public void setConnectionTimeoutMillis(long millis) {
        this.connectionTimeoutMillis = millis;
    }

    public void setPoolName(String poolName) {
        this.poolName = poolName;
    }

    @Override
    public void initialize() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user == null && url.startsWith("jdbc:h2:") ? "sa" : user);
        c.setPassword(password == null ? "" : password);
        c.setPoolName(poolName);
        c.setMaximumPoolSize(maxConnections);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(connectionTimeoutMillis);
        c.setValidationTimeout(Math.min(connectionTimeoutMillis, 2000));
        c.setInitializationFailTimeout(-1);
        dataSource = new HikariDataSource(c);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
