package dev.fleetgateway.session.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.MediaType;

import dev.fleetgateway.session.SendPending;
import dev.fleetgateway.session.Sent;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The answers of a send to a session, JSON or raw: flushed, pending, and the errors of the send path. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "Flushed to the module's socket", content = @Content(
        mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Sent.class)))
@ApiResponse(responseCode = "202", description = "Written but not flushed within gateway.modules.send-timeout: the "
        + "bytes reach the module when it reads; do not send them again", content = @Content(
        mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SendPending.class)))
@ApiResponse(responseCode = "409", description = "Session not open (errno 107)")
@ApiResponse(responseCode = "502", description = "The send failed on the socket (errno in the problem)")
@ApiResponse(responseCode = "503", description = "The module is not reading: nothing was written, retry later")
@interface SessionSendResponses {
}
