package dev.fleetgateway.outbox;

import java.util.List;
import java.util.Map;

import dev.fleetgateway.system.FleetException;

/** Shape and size checks of a batch request, before anything is looked up or sent. */
public final class BatchLimits {

    private BatchLimits() {
    }

    /** 400 unless exactly one of keys or labels is given, non-empty, and keys within {@code maxBatch}. */
    public static void check(List<String> keys, Map<String, String> labels, int maxBatch) {
        if ((keys == null) == (labels == null)) {
            throw FleetException.invalid("validation", "Invalid batch",
                    "Give either moduleKeys or labels (exactly one of them)");
        }
        if (keys != null && keys.isEmpty() || labels != null && labels.isEmpty()) {
            throw FleetException.invalid("validation", "Invalid batch",
                    "moduleKeys or labels must not be empty (an empty selector would address every module)");
        }
        if (keys != null && keys.size() > maxBatch) {
            throw tooLarge(keys.size() + " modules requested", maxBatch);
        }
        if (keys != null && keys.stream().anyMatch(k -> k == null || k.isBlank())) {
            throw FleetException.invalid("validation", "Invalid batch", "moduleKeys must not contain empty keys");
        }
    }

    static FleetException tooLarge(String what, int maxBatch) {
        return FleetException.invalid("batch-too-large", "Batch too large",
                what + "; a batch addresses at most " + maxBatch + " modules (gateway.api.max-batch)")
                .with("limit", maxBatch);
    }
}
