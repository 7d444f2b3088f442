package dev.fleetgateway.outbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Service;

import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;
import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.FleetException;

/**
 * Sends one downlink to many modules in parallel and gathers one result per module; a module's failure is
 * its result, never the whole batch's.
 */
@Service
public class BatchSender {

    private final ModuleService modules;
    private final ModuleSender sender;
    private final OutboxProperties outbox;

    BatchSender(ModuleService modules, ModuleSender sender, OutboxProperties outbox) {
        this.modules = modules;
        this.sender = sender;
        this.outbox = outbox;
    }

    /** The modules a batch addresses: the given keys (deduplicated) or those matching the labels. */
    public List<String> select(List<String> keys, Map<String, String> labels) {
        if (keys != null) {
            return List.copyOf(new LinkedHashSet<>(keys));
        }
        List<String> matched = modules.keysMatching(labels, outbox.maxBatch() + 1);
        if (matched.size() > outbox.maxBatch()) {
            throw BatchLimits.tooLarge("The label selector matches more than " + outbox.maxBatch() + " modules",
                    outbox.maxBatch());
        }
        return matched;
    }

    /** Completes, never exceptionally, when every module's send has settled; results in selection order. */
    public CompletableFuture<List<BatchResult>> send(List<String> keys, byte[] data, SendOptions options) {
        List<CompletableFuture<BatchResult>> results = new ArrayList<>(keys.size());
        for (String idOrKey : keys) {
            results.add(sendOne(idOrKey, data, options));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<BatchResult> sendOne(String idOrKey, byte[] data, SendOptions options) {
        Optional<ModuleView> module = modules.find(idOrKey);
        if (module.isEmpty()) {
            return CompletableFuture.completedFuture(
                    BatchResult.failed(idOrKey, BatchResult.Status.UNKNOWN, "no module has this id or key"));
        }
        String key = module.get().moduleKey();
        try {
            return sender.sendToKey(key, data, options).handle((outcome, t) -> t == null
                    ? BatchResult.of(key, outcome)
                    : BatchResult.failed(key, BatchResult.Status.FAILED, Futures.unwrap(t).getMessage()));
        } catch (FleetException p) {
            boolean offline = p.kind() == FleetException.Kind.CONFLICT;
            return CompletableFuture.completedFuture(BatchResult.failed(key,
                    offline ? BatchResult.Status.OFFLINE : BatchResult.Status.FAILED, p.detail()));
        }
    }
}
