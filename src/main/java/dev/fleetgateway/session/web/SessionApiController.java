package dev.fleetgateway.session.web;

import dev.fleetgateway.session.SendException;
import dev.fleetgateway.session.SendPending;
import dev.fleetgateway.session.Sent;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.DialSpec;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.SessionDialer;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionView;

import dev.fleetgateway.system.Futures;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Payloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

/** The usocket verbs over REST, addressed by session id: connect, send, recv, cursor reads, close. */
@RestController
@RequestMapping(path = "/api/v1/sessions")
@Tag(name = "Sessions")
class SessionApiController {

    private final SessionQueries queries;
    private final SessionDialer dialer;
    private final SessionReads reads;
    private final ApiProperties api;
    private final SendTimer sendTimer;

    SessionApiController(SessionQueries queries, SessionDialer dialer, SessionReads reads, ApiProperties api,
            SendTimer sendTimer) {
        this.queries = queries;
        this.dialer = dialer;
        this.reads = reads;
        this.api = api;
        this.sendTimer = sendTimer;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "openSession", summary = "Open an outbound session (getaddrinfo + connect)", description = "Dials host:port on "
            + "behalf of a module. 201 with the session once connected; with a reconnect policy, 201 as soon as "
            + "the first attempt is done (state BACKOFF and errno if it failed). Without a policy a failed dial is a "
            + "502 problem with the usocket errno (202 name lookup, 110 ETIMEDOUT, 111 ECONNREFUSED, 113 "
            + "EHOSTUNREACH). The resolved address must pass the outbound policy (gateway.outbound): loopback, "
            + "link-local, private and special addresses and this gateway's own ports are a 403 outbound-refused "
            + "problem unless allowed, answered before any connect. A moduleKey held by a live session is a 409 "
            + "unless the request says \"replace\": true.")
    @ApiResponse(responseCode = "201", description = "Session opened")
    @ApiResponse(responseCode = "403", description = "The outbound policy refuses the resolved address (no connect made)")
    @ApiResponse(responseCode = "409", description = "moduleKey is held by a live session and replace is not set")
    @ApiResponse(responseCode = "502", description = "Resolve or connect failed (errno in the problem)")
    @ApiResponse(responseCode = "503", description = "gateway.modules.max-sessions reached")
    CompletableFuture<ResponseEntity<SessionView>> open(@Valid @RequestBody SessionRequests.Open body) {
        if (body.framing() != null && body.framing().validate() != null) {
            throw FleetException.invalid("validation", "Invalid framing", body.framing().validate());
        }
        DialSpec spec = new DialSpec(body.host(), body.port(), body.moduleKey(), body.framing(),
                body.connectTimeout(), body.reconnect(), body.replacing());
        return dialer.dial(spec).handle((s, err) -> {
            if (err != null) {
                throw Futures.rethrowable(err);
            }
            return ResponseEntity.created(URI.create("/api/v1/sessions/" + s.id())).body(SessionView.of(s));
        });
    }

    @PostMapping(path = "/{id}/send", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendToSession", summary = "Send data (JSON or raw bytes)", description = "Like socket.send: answers {\"sent\": n} once the bytes "
            + "are flushed to the socket. 202 {\"state\":\"PENDING\"} when they were written but not flushed "
            + "within gateway.modules.send-timeout: they are not withdrawn and reach the module when it reads, so "
            + "do not send them again. 409 session not open, 503 module not reading (nothing was written; retry "
            + "later), 413 payload too large, 400 bad hex/base64/encoding. With Content-Type "
            + "application/octet-stream the body is sent as-is.")
    @SessionSendResponses
    CompletableFuture<ResponseEntity<Object>> sendJson(@PathVariable String id, @RequestBody SessionRequests.Send body) {
        byte[] data = Payloads.decode(body.data(),
                Payloads.Encoding.parse(body.encoding(), Payloads.Encoding.TEXT), api.maxPayload().toBytes());
        return send(queries.require(id), data);
    }

    @PostMapping(path = "/{id}/send", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @SessionSendResponses
    @Operation(operationId = "sendToSession", summary = "Send data (JSON or raw bytes)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary"))))
    CompletableFuture<ResponseEntity<Object>> sendRaw(@PathVariable String id, @RequestBody byte[] body) {
        Payloads.checkSize(body.length, api.maxPayload().toBytes());
        return send(queries.require(id), body);
    }

    /** Times only the send itself: a pending (timed-out) send is no flush and no sample. */
    private CompletableFuture<ResponseEntity<Object>> send(ModuleSession s, byte[] data) {
        return Futures.settle(sendTimer.time(SendTimer.Addressing.SESSION, () -> s.send(data)).handle((n, err) -> {
            if (err != null) {
                if (Futures.unwrap(err) instanceof SendException e && e.failure() == SendException.Failure.TIMEOUT) {
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(SendPending.of(data.length, s));
                }
                throw Futures.rethrowable(err);
            }
            return ResponseEntity.ok(new Sent(n, s.id()));
        }), Futures.SETTLE_MILLIS);
    }

    @GetMapping(path = "/{id}/recv", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(operationId = "recvFromSession", summary = "Receive (destructive), like recv(max) after settimeout",
            description = "Returns up to max "
            + "bytes at once when data is buffered, else waits up to timeout (0 = non-blocking). 200 with data (frames "
            + "tells where each frame lies in it); "
            + "200 with eof=true and length 0 once the session is closed and drained (recv returning b''); 408 "
            + "problem when nothing came: errno 110 ETIMEDOUT after waiting, errno 11 EAGAIN when non-blocking. "
            + "Accept: application/octet-stream returns the raw bytes (header X-EOF tells end of stream).")
    @ReceivedResponses
    CompletableFuture<ResponseEntity<?>> recv(@PathVariable String id,
            @RequestParam(defaultValue = "1024") int max,
            @Parameter(description = "5s, 500ms, a number of seconds, or 0 for non-blocking") @RequestParam(required = false) String timeout,
            @Parameter(description = "base64 (default), hex or text") @RequestParam(required = false) String encoding,
            @Parameter(hidden = true) @RequestHeader(name = "Accept", required = false) String accept,
            HttpServletRequest request) {
        return reads.recv(queries.require(id), max, timeout, encoding, wantsRaw(accept), request);
    }

    @GetMapping(path = "/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "readSessionMessages", summary = "Read frames after a sequence number (non-destructive)",
            description = "Frames stay until "
            + "acknowledged, so a reader that lost a response asks again with the same 'after'. wait long-polls "
            + "when there is nothing new.")
    @ApiResponse(responseCode = "200", description = "The frames after 'after' (an empty list when wait passed)")
    @ApiResponse(responseCode = "429", description = "Too many readers waiting on this session")
    CompletableFuture<SessionRequests.Messages> messages(@PathVariable String id,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String wait, @RequestParam(required = false) String encoding,
            HttpServletRequest request) {
        return reads.messages(queries.require(id), after, limit, wait, encoding, request);
    }

    @PostMapping(path = "/{id}/messages/ack", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "ackSessionMessages", summary = "Acknowledge frames up to a sequence number",
            description = "Frees them from the buffer "
            + "(resuming a paused module).")
    SessionRequests.Acked ack(@PathVariable String id, @Valid @RequestBody SessionRequests.Ack body) {
        return reads.ack(queries.require(id), body.upTo());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "closeSession", summary = "Close the session, like socket.close()", description = "The module sees the connection "
            + "end; reason CLOSED_BY_API. Closing a closed session is a no-op.")
    void close(@PathVariable String id) {
        ModuleSession s = queries.require(id);
        if (!s.isClosed()) {
            s.close(CloseReason.CLOSED_BY_API);
        }
    }

    static boolean wantsRaw(String accept) {
        return accept != null && accept.contains(MediaType.APPLICATION_OCTET_STREAM_VALUE)
                && !accept.contains(MediaType.APPLICATION_JSON_VALUE);
    }
}
