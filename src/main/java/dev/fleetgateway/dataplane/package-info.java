/**
 * The data-plane port: an optional Netty HTTP/1.1 listener ({@code gateway.data-plane}, off by default) that
 * serves the hot verbs of the REST API — send by module key, send by session id, recv, cursor reads — with the
 * same paths, JSON bodies, status codes, problem details, API keys and JWTs, roles, quota and audit line; calls
 * for another replica's module or session are forwarded to it as the REST port forwards them
 * ({@code cluster.OwnerCalls}); all without Tomcat, the
 * servlet filters and Spring MVC in between. It exists because those layers cost several times the send itself
 * (issue 18); everything else stays on the REST port.
 * <p>
 * Depends on {@code outbox}, {@code session}, {@code module}, {@code cluster}, {@code security}, {@code usocket}
 * and {@code system}; used by none (top of the layering). Threads: requests are parsed, authenticated and, when
 * the module or session is in the local table, answered on the shared Netty event loops ({@code fleet-io-*});
 * anything that may read the database (an id, an offline or unknown module, queueing), a JWT's decoding and the
 * start of a forwarded call run on a small bounded pool {@code fleet-data-work-*} (the owner's answer arrives on
 * the cluster's HTTP client threads {@code fleet-forward-*}); a send's flush and a recv's data complete futures that write the answer.
 */
package dev.fleetgateway.dataplane;
