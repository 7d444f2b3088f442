package dev.fleetgateway.session.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.http.MediaType;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The answers of a recv, session- or module-addressed: JSON {@link Received}, or the raw bytes. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "Data (or eof with length 0 once the session is closed and "
        + "drained); the raw bytes with Accept: application/octet-stream",
        headers = {
                @Header(name = "X-Session-Id", description = "The session read (raw answers only)",
                        schema = @Schema(type = "string")),
                @Header(name = "X-EOF", description = "true once the session is closed and drained (raw answers only)",
                        schema = @Schema(type = "boolean"))},
        content = {
                @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Received.class)),
                @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                        schema = @Schema(type = "string", format = "binary"))})
@ApiResponse(responseCode = "408", description = "No data: errno 110 ETIMEDOUT after waiting timeout, errno 11 EAGAIN "
        + "when non-blocking (timeout=0)")
@ApiResponse(responseCode = "409", description = "Binary data asked as encoding=text (it stays for the next reader); "
        + "on a module-addressed recv also: the module has no session (module-offline)")
@ApiResponse(responseCode = "429", description = "Too many readers waiting on this session")
@interface ReceivedResponses {
}
