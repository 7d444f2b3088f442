package dev.fleetgateway.outbox.web;

import dev.fleetgateway.session.SendPending;
import dev.fleetgateway.session.Sent;

import dev.fleetgateway.outbox.ModuleSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.outbox.OutboxView;
import dev.fleetgateway.outbox.SendOptions;
import dev.fleetgateway.outbox.SendOutcome;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Payloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** Sends bytes to one module: now when it is online, into its outbox when it is not and queueing is asked. */
@RestController
@RequestMapping(path = "/api/v1/modules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sending", description = "Downlinks to modules, sent now or queued in the offline outbox")
class SendController {

    private static final String DESCRIPTION = "Online module: the bytes are written to its session and the "
            + "answer (200, {\"sent\":12,\"sessionId\":\"...\"}) comes once they are flushed, like usocket's "
            + "send returning 12. Offline module: with queue=true or a ttl the message waits in its outbox "
            + "(202 with Location /api/v1/outbox/{messageId}) and is delivered in order when the module "
            + "identifies again; without, 409 module-offline. An online module that is not reading: 503 "
            + "module-not-reading (nothing written), or queued (202) with queue=true or a ttl; the outbox delivers "
            + "it when the module reads again. Written but not flushed within gateway.modules.send-timeout: 202 "
            + "{\"state\":\"PENDING\"}: the bytes are not withdrawn and reach the module when it reads, so do not "
            + "send them again. 429 when the outbox is full, 413 beyond gateway.api.max-payload, 400 for a ttl "
            + "beyond gateway.outbox.max-ttl.";

    private final ModuleSender sender;
    private final ApiProperties api;
    private final OutboxProperties outbox;

    SendController(ModuleSender sender, ApiProperties api, OutboxProperties outbox) {
        this.sender = sender;
        this.api = api;
        this.outbox = outbox;
    }

    @PostMapping(path = "/{idOrKey}/send", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendToModule", summary = "Send bytes to a module: JSON (text, hex or base64) or raw",
            description = DESCRIPTION)
    @SendResponses
    CompletableFuture<ResponseEntity<Object>> sendJson(
            @Parameter(example = "866327040123456") @PathVariable String idOrKey,
            @RequestBody SendRequests.Single body,
            @Parameter(description = "queue when offline") @RequestParam(required = false) Boolean queue,
            @Parameter(description = "outbox time-to-live, implies queue", example = "10m")
            @RequestParam(required = false) String ttl) {
        SendOptions options = SendOptions.parse(queue, ttl, outbox);
        byte[] data = Payloads.decode(body.data(), Payloads.Encoding.parse(body.encoding(), Payloads.Encoding.TEXT),
                api.maxPayload().toBytes());
        return send(idOrKey, data, options);
    }

    @PostMapping(path = "/{idOrKey}/send", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @SendResponses
    @Operation(operationId = "sendToModule", summary = "Send bytes to a module: JSON (text, hex or base64) or raw",
            description = DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary"))))
    CompletableFuture<ResponseEntity<Object>> sendRaw(
            @Parameter(example = "866327040123456") @PathVariable String idOrKey,
            HttpServletRequest request,
            @Parameter(description = "queue when offline") @RequestParam(required = false) Boolean queue,
            @Parameter(description = "outbox time-to-live, implies queue", example = "10m")
            @RequestParam(required = false) String ttl) throws IOException {
        SendOptions options = SendOptions.parse(queue, ttl, outbox);
        return send(idOrKey, readBounded(request), options);
    }

    /** Reads at most one byte past the limit, so an oversized body is refused without being held. */
    private byte[] readBounded(HttpServletRequest request) throws IOException {
        long max = api.maxPayload().toBytes();
        Payloads.checkSize(request.getContentLengthLong(), max);
        try (InputStream in = request.getInputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            Payloads.checkSize(data.length, max);
            return data;
        }
    }

    private CompletableFuture<ResponseEntity<Object>> send(String idOrKey, byte[] data, SendOptions options) {
        // Waits briefly for the flush, so that the usual send is answered on this thread (SettledFutureReturns).
        return Futures.settle(sender.send(idOrKey, data, options)
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(Futures.rethrowable(t)))
                .thenApply(SendController::response), Futures.SETTLE_MILLIS);
    }

    private static ResponseEntity<Object> response(SendOutcome o) {
        if (o.isPending()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new SendPending("PENDING", o.pending(), o.sessionId(), o.pendingOutboundBytes()));
        }
        if (o.isQueued()) {
            OutboxView m = o.queued();
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/outbox/" + m.messageId()))
                    .body(new SendOutcome.Queued(m.messageId(), m.state(), m.expiresAt()));
        }
        return ResponseEntity.ok(new Sent(o.sent(), o.sessionId()));
    }
}
