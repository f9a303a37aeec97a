package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Lets an index serve the history's filters, which match server, user and rule in any case: each
 * gets a lower-cased copy the database writes with every row (a generated column, filled here for
 * the rows already there), compared with the lower-cased value asked for. Server and user are
 * indexed with the time; a rule filter is served by the time index (a fleet has a handful of rules).
 * PostgreSQL stores a generated column only when told so; H2 always does.
 */
public class V8__action_lower_case_keys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String stored = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL") ? " STORED" : "";
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE action ADD COLUMN server_key VARCHAR(255) GENERATED ALWAYS AS (LOWER(server))" + stored);
            st.execute("ALTER TABLE action ADD COLUMN user_key VARCHAR(255) GENERATED ALWAYS AS (LOWER(user_name))" + stored);
            st.execute("ALTER TABLE action ADD COLUMN rule_key VARCHAR(255) GENERATED ALWAYS AS (LOWER(rule))" + stored);
            st.execute("CREATE INDEX action_server_key_at ON action (server_key, at)");
            st.execute("CREATE INDEX action_user_key_at ON action (user_key, at)");
        }
    }
}
