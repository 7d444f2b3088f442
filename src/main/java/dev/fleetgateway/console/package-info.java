/**
 * The operator console: a server-rendered web UI (Thymeleaf, htmx with its SSE extension, uPlot; no Node
 * toolchain) over the features below it. This package holds what the pages show that no other feature keeps:
 * the fleet overview (sessions by state) and the traffic history of the last minutes for the small charts
 * ({@code gateway.console}). {@code console.web} holds the pages, the forms and the console's own SSE streams.
 * <p>
 * Top of the layering: it uses session, module, outbox, simulator and system, and nothing uses it. The login in
 * front of it belongs to {@code security.web} (the same API keys, held by an HTTP session). Threads: the
 * scheduler samples the totals each tick; pages render on servlet threads; frames reach a terminal stream from
 * the session's event loop through a bounded queue drained by the console's writer pool.
 */
package dev.fleetgateway.console;
