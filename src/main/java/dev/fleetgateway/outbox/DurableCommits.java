package dev.fleetgateway.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a committed outbox insert durable before its {@code 202 Accepted} is answered, whatever the JDBC URL
 * says. H2's MVStore otherwise keeps commits in memory for up to {@code WRITE_DELAY} (about a second) before
 * writing them to the file, so a {@code kill -9} lost accepted messages; with {@code WRITE_DELAY 0} each commit
 * is written to the file before it returns. PostgreSQL is durable at commit while {@code synchronous_commit}
 * is on (the {@code postgres} profile sets it on every connection); off is reported at start.
 * Runs once while the context starts, before the HTTP port accepts requests.
 */
@Component
class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);

    DurableCommits(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName();
            String url = c.getMetaData().getURL();
            if ("H2".equalsIgnoreCase(product) && url != null && !url.contains(":mem:")) {
                // A database setting (not per connection): it covers every connection of the pool.
                try {
                    st.execute("SET WRITE_DELAY 0");
                } catch (SQLException e) {
                    // Only an admin user may change it; such a database must carry it in its URL.
                    log.warn("Could not set H2 WRITE_DELAY 0 ({}): add ;WRITE_DELAY=0 to the JDBC URL, else a "
                            + "queued message answered 202 may be lost when the process is killed", e.getMessage());
                }
            } else if ("PostgreSQL".equalsIgnoreCase(product)) {
                try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                    if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                        log.warn("PostgreSQL synchronous_commit is off: a queued message answered 202 may be "
                                + "lost if the database server crashes; set it on (the postgres profile does)");
                    }
                }
            }
        }
    }
}
