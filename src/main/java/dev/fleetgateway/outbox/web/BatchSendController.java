package dev.fleetgateway.outbox.web;

import dev.fleetgateway.outbox.BatchLimits;
import dev.fleetgateway.outbox.BatchResult;
import dev.fleetgateway.outbox.BatchSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.outbox.SendOptions;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Payloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Sends one downlink to many modules, chosen by key or by labels. */
@RestController
@RequestMapping(path = "/api/v1/modules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sending", description = "Downlinks to modules, sent now or queued in the offline outbox")
class BatchSendController {

    private final BatchSender batch;
    private final ApiProperties api;
    private final OutboxProperties outbox;

    BatchSendController(BatchSender batch, ApiProperties api, OutboxProperties outbox) {
        this.batch = batch;
        this.api = api;
        this.outbox = outbox;
    }

    @PostMapping(path = "/send", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendToModules", summary = "Send to many modules at once", description = "Address modules by moduleKeys "
            + "([\"866327040123456\", ...]) or by labels ({\"site\":\"berlin\"}), at most gateway.outbox.max-batch "
            + "(400 beyond). The sends run in parallel; the answer (200) comes when all have settled, one result "
            + "per module in request order: SENT (with sent bytes), QUEUED (with messageId, when queue=true or a "
            + "ttl is given), OFFLINE, FAILED (with error) or UNKNOWN (no such module).")
    CompletableFuture<List<BatchResult>> send(@RequestBody SendRequests.Batch body) {
        BatchLimits.check(body.moduleKeys(), body.labels(), outbox.maxBatch());
        SendOptions options = SendOptions.parse(body.queue(), body.ttl(), outbox);
        byte[] data = Payloads.decode(body.data(), Payloads.Encoding.parse(body.encoding(), Payloads.Encoding.TEXT),
                api.maxPayload().toBytes());
        return batch.send(batch.select(body.moduleKeys(), body.labels()), data, options);
    }
}
