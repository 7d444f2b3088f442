package dev.fleetgateway.outbox.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.MediaType;

import dev.fleetgateway.outbox.SendOutcome;
import dev.fleetgateway.session.SendPending;
import dev.fleetgateway.session.Sent;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The answers of a send to one module, JSON or raw: sent, queued or pending, and the errors of the send path. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "Flushed to the module's socket", content = @Content(
        mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Sent.class)))
@ApiResponse(responseCode = "202", description = "Queued in the outbox (Queued, with Location), or written but not "
        + "flushed within gateway.modules.send-timeout (SendPending: do not send again)",
        headers = @Header(name = "Location", description = "The queued message (/api/v1/outbox/{messageId}); "
                + "only when queued", schema = @Schema(type = "string", format = "uri-reference")),
        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                schema = @Schema(oneOf = {SendOutcome.Queued.class, SendPending.class})))
@ApiResponse(responseCode = "409", description = "Module offline and no queue or ttl (module-offline), or its "
        + "session closed during the send")
@ApiResponse(responseCode = "429", description = "The module's outbox holds gateway.outbox.per-module queued "
        + "messages (outbox-full)")
@ApiResponse(responseCode = "502", description = "The send failed on the socket (errno in the problem)")
@ApiResponse(responseCode = "503", description = "The module is not reading: nothing was written (with queue or "
        + "ttl the message is queued instead)")
@interface SendResponses {
}
