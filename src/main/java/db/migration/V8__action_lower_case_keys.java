package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Lets an index serve the history's filters, which match server, user and rule in any case: each
 * gets a lower-cased copy the database writes with every row (a generated column, filled here for
 * the rows already there), compared with the lower-cased value asked for. Server and user are
 * indexed with the time; a rule filter is served by the time index (a fleet has a handful of rules).
 * PostgreSQL stores a generated column only when told so (STORED); H2 always does, and adds several
 * columns with its own syntax.
 */
public class V8__action_lower_case_keys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        List<String> columns = new ArrayList<>();
        for (String[] key : new String[][] {{"server_key", "server"}, {"user_key", "user_name"}, {"rule_key", "rule"}}) {
            columns.add(key[0] + " VARCHAR(255) GENERATED ALWAYS AS (LOWER(" + key[1] + "))" + (postgres ? " STORED" : ""));
        }
        try (Statement st = c.createStatement()) {
            // One statement: H2 copies the whole table for each ALTER TABLE that adds a column.
            st.execute(postgres ? "ALTER TABLE action ADD COLUMN " + String.join(", ADD COLUMN ", columns)
                    : "ALTER TABLE action ADD COLUMN (" + String.join(", ", columns) + ")");
            st.execute("CREATE INDEX action_server_key_at ON action (server_key, at)");
            st.execute("CREATE INDEX action_user_key_at ON action (user_key, at)");
        }
    }
}
