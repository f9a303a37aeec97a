package db.migration;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes writing an action cheaper. Drops three indexes of {@code action} that no query uses
 * ({@code history} compares server, user and rule with LOWER(), which they cannot serve; reports
 * read by time): each cost a B-tree insert per row and pages to store at every commit. On H2 the
 * identity hands out ids from a cache of 10,000: without it H2 saves its sequence every 32 ids,
 * and each save stores every page changed so far, as a commit does (after a crash up to 10,000
 * ids are skipped, never reused). PostgreSQL's sequences need no cache, so its identity is left as is.
 */
public class V5__action_fewer_indexes_id_cache extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement st = c.createStatement()) {
            st.execute("DROP INDEX action_server_at");
            st.execute("DROP INDEX action_user_at");
            st.execute("DROP INDEX action_rule_at");
            if (c.getMetaData().getDatabaseProductName().startsWith("H2")) {
                st.execute("ALTER TABLE action ALTER COLUMN id SET CACHE 10000");
            }
        }
    }
}
