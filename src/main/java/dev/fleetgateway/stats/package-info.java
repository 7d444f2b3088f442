/**
 * Fleet statistics for {@code GET /api/v1/stats}: counts of sessions by state, totals and one-minute rates
 * sampled each second, and the top sessions by traffic and by buffered bytes. Per-module figures live here, not
 * in Prometheus, so meter labels stay bounded.
 * <p>
 * Depends on {@code session} and {@code system}. Threads: the rate window is sampled by the scheduler thread;
 * REST reads run on servlet threads and take snapshots without locking sessions.
 */
package dev.fleetgateway.stats;
