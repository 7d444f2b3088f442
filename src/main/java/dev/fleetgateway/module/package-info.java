/**
 * The registry of modules: the {@code FleetModule} entity and its labels, the repository, the service behind
 * {@code /api/v1/modules} ({@code module.web}), and {@link dev.fleetgateway.module.RegistryWrites}, which keeps
 * the registry current in batches (modules registered at hello or by the simulator, last-seen refreshed at
 * close; settings {@code gateway.registry}, meters {@code fleet.registry.*}). It shows a module's live session
 * through {@link dev.fleetgateway.module.CurrentSessionLookup}, which the session feature implements, so this
 * package never depends on sessions.
 * <p>
 * Depends only on {@code system}. Threads: REST calls run on servlet threads; {@code RegistryWrites} is called
 * from event loops and never blocks: its flushes run on the {@code system} database writer thread.
 */
package dev.fleetgateway.module;
