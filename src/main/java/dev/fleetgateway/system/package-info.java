/**
 * What every feature shares and nothing of a feature's own: {@link dev.fleetgateway.system.FleetException}
 * (a failure in domain terms, with a {@code Kind}), the REST limits ({@code gateway.api}), payload encodings and
 * duration parsing, the one background {@link dev.fleetgateway.system.DatabaseWriter} ({@code
 * gateway.database-writer}, meters {@code fleet.db.writer.*}) that takes database writes off the event loops,
 * {@code LogThrottle}, scheduling, the id base class of entities, and the opt-in startup report
 * ({@code StartupReport}, {@code gateway.startup.report-steps}: CPU and wall time per startup step). {@code system.web} is the web edge: it maps
 * a {@code FleetException} to an RFC 9457 problem detail (the only place a status is chosen), answers the
 * framework's own errors as problems, bounds request bodies, and configures Jackson and OpenAPI.
 * <p>
 * Depends on no feature. Threads: the database writer owns one thread ({@code fleet-db-writer}) that runs
 * queued writes in order; everything else runs on the caller's thread.
 */
package dev.fleetgateway.system;
