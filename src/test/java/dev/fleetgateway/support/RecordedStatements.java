package dev.fleetgateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * A Hibernate statement inspector that records every SQL statement Hibernate prepares, with the thread that
 * prepared it. A test enables it with
 * {@code spring.jpa.properties.hibernate.session_factory.statement_inspector=dev.fleetgateway.support.RecordedStatements}
 * and asserts which requests touch the database. Shared by every context that enables it: clear it first.
 */
public class RecordedStatements implements StatementInspector {

    /** One prepared statement and the thread that prepared it. */
    public record Statement(String thread, String sql) {
    }

    private static final List<Statement> STATEMENTS = new CopyOnWriteArrayList<>();

    @Override
    public String inspect(String sql) {
        STATEMENTS.add(new Statement(Thread.currentThread().getName(), sql));
        return sql;
    }

    public static void clear() {
        STATEMENTS.clear();
    }

    /** The statements recorded since the last clear whose SQL mentions {@code table} (any case). */
    public static List<Statement> touching(String table) {
        return STATEMENTS.stream().filter(s -> s.sql().toLowerCase().contains(table.toLowerCase())).toList();
    }
}
