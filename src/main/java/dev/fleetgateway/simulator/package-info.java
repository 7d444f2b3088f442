/**
 * The simulator: virtual modules that behave like QuecPython {@code usocket} clients, grouped in fleets that run
 * behaviour profiles (seed script, echo, telemetry, request-response) over links with cellular realism (connect
 * latency, random drops, carrier NAT timeouts, reconnect back-off), and whose usocket verbs can be driven by hand;
 * its REST API lives in {@code simulator.web}. It depends on {@code session}'s {@code NettyTransport} (the
 * gateway's event loops) and {@code ModuleServer} (the module port, the default target), on {@code module}'s
 * {@code RegistryWrites} (virtual modules are registered as SIMULATED before they dial) and on the {@code usocket}
 * vocabulary ({@code Errno}, {@code OsError}, {@code TcpState}, {@code Backoff}, {@code NameResolver},
 * {@code OutboundPolicy}: a fleet aimed anywhere but the default target is judged at creation and at every dial).
 *
 * <table>
 * <caption>Which thread touches what</caption>
 * <tr><th>Thread</th><th>Touches</th></tr>
 * <tr><td>the module's Netty event loop (one per module, shared)</td><td>all state of a module, its socket,
 * downlink buffer, profiles, dialer and link faults: no locks; what REST reads is volatile</td></tr>
 * <tr><td>REST threads</td><td>fleets and limits in {@code SimulatorService}; hand-driven verbs hop onto the
 * module's loop through {@code LoopCalls} and answer with a future, never blocking</td></tr>
 * <tr><td>the usocket resolver pool ({@code fleet-resolve})</td><td>{@code getaddrinfo} name lookups; the result
 * comes back on the module's loop</td></tr>
 * <tr><td>the {@code DatabaseWriter} thread</td><td>registrations, through {@code module}'s
 * {@code RegistryWrites}; a module starts dialing once its registration completes</td></tr>
 * </table>
 */
package dev.fleetgateway.simulator;
