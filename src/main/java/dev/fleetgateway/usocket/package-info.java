/**
 * The vocabulary of QuecPython's {@code usocket}, shared by the gateway's sessions and the simulator's virtual
 * modules so that both name every outcome alike: {@link dev.fleetgateway.usocket.Errno} (the errno of
 * {@code OSError}, and how Java and Netty errors map to it), {@link dev.fleetgateway.usocket.OsError},
 * {@link dev.fleetgateway.usocket.TcpState} (the codes of {@code getsocketsta()}),
 * {@link dev.fleetgateway.usocket.Backoff} (firmware-style reconnect delays) and
 * {@link dev.fleetgateway.usocket.NameResolver} ({@code getaddrinfo}, settings {@code gateway.resolver}).
 * <p>
 * Depends only on {@code system}. Threads: name lookups run on the resolver's small bounded pool
 * ({@code fleet-resolve-*}), never on an event loop, and complete on the caller's event loop.
 */
package dev.fleetgateway.usocket;
