/**
 * The vocabulary of QuecPython's {@code usocket}, shared by the gateway's sessions and the simulator's virtual
 * modules so that both name every outcome alike: {@link dev.fleetgateway.usocket.Errno} (the errno of
 * {@code OSError}, and how Java and Netty errors map to it), {@link dev.fleetgateway.usocket.OsError},
 * {@link dev.fleetgateway.usocket.TcpState} (the codes of {@code getsocketsta()}),
 * {@link dev.fleetgateway.usocket.Backoff} (firmware-style reconnect delays) and
 * {@link dev.fleetgateway.usocket.NameResolver} ({@code getaddrinfo}, settings {@code gateway.resolver}) and
 * {@link dev.fleetgateway.usocket.OutboundPolicy} (settings {@code gateway.outbound}): whether the address a lookup
 * found may be dialled, judged before any connect, with this process's own ports learnt from every
 * {@link dev.fleetgateway.usocket.OwnPorts} bean (the module server, the web servers).
 * <p>
 * Depends only on {@code system}. Threads: name lookups run on the resolver's small bounded pool
 * ({@code fleet-resolve-*}), never on an event loop, and complete on the caller's event loop. The policy is a
 * lookup in memory, safe on an event loop: the host's interface addresses are read once a minute on the scheduler.
 */
package dev.fleetgateway.usocket;
