/**
 * Downlinks: sends addressed to a module (now over its open session, or queued in the persistent outbox while it
 * is offline), batch sends by keys or labels, in-order delivery when the module identifies, expiry and cancel.
 * Settings {@code gateway.outbox} (per-module bound, time-to-live, batch size, delivery threads); meters
 * {@code fleet.outbox.*}; REST in {@code outbox.web}.
 * <p>
 * Depends on {@code session} (the live table and {@code ModuleSession.send}), {@code module} and {@code system}.
 * Threads: REST calls run on servlet threads and never wait for a flush; deliveries run on the outbox's own
 * bounded pool ({@code gateway.outbox.delivery-threads}), started by session events or the periodic sweep,
 * never on an event loop.
 */
package dev.fleetgateway.outbox;
