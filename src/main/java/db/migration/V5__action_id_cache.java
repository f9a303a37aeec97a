package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, hands out action ids from a cache of 10,000: without it H2 writes its sequence's state
 * every 32 ids, and each such write stores every page changed so far, as a commit does. After a
 * crash up to 10,000 ids are skipped, never reused. PostgreSQL's sequences need no cache (and
 * would cache per connection), so it is left alone there.
 */
public class V5__action_id_cache extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().startsWith("H2")) {
            return;
        }
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE action ALTER COLUMN id SET CACHE 10000");
        }
    }
}
