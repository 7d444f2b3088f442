/**
 * The registry of modules: the {@code FleetModule} entity and its labels, the repository, the service behind
 * {@code /api/v1/modules} ({@code module.web}), and {@link dev.fleetgateway.module.RegistryWrites}, which keeps
 * the registry current in batches (modules registered at hello or by the simulator, last-seen refreshed at
 * close; settings {@code gateway.registry}, meters {@code fleet.registry.*}). Module credentials live here too:
 * stored as SHA-256 ({@code ModuleCredential}), managed by {@code CredentialService} ({@code /credentials}
 * REST), checked from memory by {@link dev.fleetgateway.module.ModuleCredentials}; {@code KnownModules} keeps
 * the registry's keys in memory (the {@code unknown-modules} policy; 404/409 of key-addressed calls without a read). It shows a module's live session
 * through {@link dev.fleetgateway.module.CurrentSessionLookup}, which the session feature implements, so this
 * package never depends on sessions.
 * <p>
 * Depends only on {@code system}. Threads: REST calls run on servlet threads; {@code RegistryWrites} is called
 * from event loops and never blocks: its flushes run on the {@code system} database writer thread; so are
 * {@code ModuleCredentials} and {@code KnownModules}, whose reloads and last-used writes run there too.
 */
package dev.fleetgateway.module;
