/**
 * The socket core: the module port ({@code ModuleServer}, a {@code SmartLifecycle}), outbound dials
 * ({@code SessionDialer}: each resolved address passes {@code usocket.OutboundPolicy} before the connect), the live session table ({@code SessionRegistry}), one {@code ModuleSession} per TCP
 * connection with its bounded {@code ReceiveBuffer}, the session history, lifecycle events and the session
 * meters. TLS on its own port from a Spring Boot SSL bundle ({@code ModuleTls}, reloaded in place), a client certificate
 * proving the module key ({@code CertificateKeys}, {@code TlsHandshake}). {@code session.codec} builds frames (raw,
 * delimiter, fixed, length field) and reads the hello line,
 * which {@code Identification} accepts or refuses on the event loop (credential proof checked from the
 * {@code module} feature's memory, the unknown-modules policy, the duplicate policy);
 * {@code session.web} is the REST and SSE edge (sessions, module-addressed verbs, streams). Settings
 * {@code gateway.modules} and {@code gateway.streams}.
 * <p>
 * Depends on {@code module} (registration and last-seen through {@code RegistryWrites}, credentials and known
 * keys through {@code ModuleCredentials} and {@code KnownModules}), {@code usocket} and
 * {@code system}. A session reports what happened (a callback to the table when it ends, counters to the
 * meters, {@link dev.fleetgateway.session.SessionListener}s for everybody else); nothing calls back up into it.
 *
 * <h2>Which thread touches what</h2>
 * <table>
 * <caption>Threads of the socket core</caption>
 * <tr><th>Thread</th><th>What it does</th><th>State it writes</th></tr>
 * <tr><td>Netty event loop of the session ({@code fleet-io-*})</td>
 * <td>pipeline callbacks, frame decoding, {@code onFrame}, flush listeners, dial steps, back-off timers,
 * waiter timeouts, SSE replay and subscribe, the read-idle tick ({@code ReadIdleSweep}: one
 * {@code IdleWheel} of that loop's channels)</td>
 * <td>{@code ModuleSession} attach/state OPEN/RESOLVING/CONNECTING/BACKOFF, counters ({@code SessionCounters}),
 * dial state, appends to the receive buffer (under its lock; created at the first frame or read, by
 * compare-and-set, from any thread)</td></tr>
 * <tr><td>accept loop ({@code fleet-accept})</td><td>accepts connections; {@code AcceptGuard} refuses at
 * {@code max-sessions} and the per-source limits before a session exists</td>
 * <td>{@code SourceLimits} (a concurrent map; released from the I/O loop when a connection closes)</td></tr>
 * <tr><td>servlet threads (REST)</td><td>send, recv, cursor read, ack, close</td>
 * <td>receive buffer reads and acks (under its lock); {@code close} moves OPEN to CLOSING by compare-and-set and
 * leaves the rest to the event loop</td></tr>
 * <tr><td>{@code fleet-client-watch} (web)</td><td>probes the connections of waiting long-polls every 200 ms</td>
 * <td>cancels the read of a client that left (the buffer forgets it under its lock)</td></tr>
 * <tr><td>any thread</td><td>{@code finish}</td>
 * <td>state to CLOSED by compare-and-set, once; the table is told through the session's end callback</td></tr>
 * <tr><td>scheduler</td><td>purge of closed sessions, gauge reads at scrape time</td>
 * <td>the table's closed list; reads only otherwise</td></tr>
 * <tr><td>{@code fleet-db-writer} (system)</td><td>session history rows, registry writes</td>
 * <td>database only</td></tr>
 * </table>
 */
package dev.fleetgateway.session;
