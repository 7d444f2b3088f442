package dev.fleetgateway.session.web;

import dev.fleetgateway.session.SessionQueries;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.fleetgateway.system.FleetException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Live streams (Server-Sent Events) of frames and lifecycle events. */
@RestController
@Tag(name = "Streams", description = "Server-Sent Events")
class StreamController {

    private static final Set<String> TYPES = Set.of("opened", "identified", "closed");

    private final EventStreams streams;
    private final SessionQueries queries;

    StreamController(EventStreams streams, SessionQueries queries) {
        this.streams = streams;
        this.queries = queries;
    }

    @GetMapping(path = "/api/v1/sessions/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamSession", summary = "Stream a session", description = "Events 'frame' (seq, receivedAt, length, data in "
            + "base64; non-destructive: frames stay in the buffer) and 'closed' (reason, errno), after which the "
            + "stream ends. A client that falls more than gateway.api.subscriber-queue events behind gets a "
            + "'dropped' event and is disconnected. With after=SEQ, frames still buffered after SEQ are "
            + "replayed first, so a client that reconnects with its last seq misses nothing that is buffered.")
    @ApiResponse(responseCode = "200", description = "The stream; an ':open' comment comes at once", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "Server-Sent Events, each a SessionStreamEvent",
                    contentSchema = StreamEventSchemas.SessionEvent.class),
            examples = @ExampleObject(value = ":open\n\nevent:frame\ndata:{\"sessionId\":\"s-1\",\"seq\":1,"
                    + "\"receivedAt\":\"2026-11-29T17:00:00Z\",\"length\":12,\"data\":\"MTIzNDU2Nzg5MA0K\"}\n\n")))
    @ApiResponse(responseCode = "503", description = "More than gateway.streams.max-subscribers streams, or shutting "
            + "down")
    SseEmitter session(@PathVariable String id,
            @Parameter(description = "replay frames still buffered after this sequence number first (0: all)")
            @RequestParam(required = false) Long after) {
        if (after != null && after < 0) {
            throw FleetException.invalidField("Invalid parameter", "after", "must be 0 or more");
        }
        return streams.subscribeSession(queries.require(id), after);
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamEvents", summary = "Stream fleet lifecycle events", description = "Events 'opened', 'identified' and "
            + "'closed' (with reason and errno) of every session, optionally filtered. In a cluster, of every "
            + "replica's sessions; 'replica' names the replica holding the session.")
    @ApiResponse(responseCode = "200", description = "The stream; an ':open' comment comes at once", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                    description = "Server-Sent Events, each a FleetStreamEvent",
                    contentSchema = StreamEventSchemas.FleetEvent.class),
            examples = @ExampleObject(value = ":open\n\nevent:identified\ndata:{\"type\":\"identified\","
                    + "\"sessionId\":\"s-1\",\"moduleKey\":\"866327040123456\",\"direction\":\"INBOUND\","
                    + "\"at\":\"2026-11-29T17:00:00Z\"}\n\n")))
    @ApiResponse(responseCode = "503", description = "More than gateway.streams.max-subscribers streams, or shutting "
            + "down")
    SseEmitter fleet(@Parameter(description = "only this module key") @RequestParam(required = false) String moduleKey,
            @Parameter(description = "comma-separated: opened, identified, closed") @RequestParam(required = false) String type) {
        Set<String> types = types(type);
        return streams.subscribeFleet(e -> types.contains(e.type())
                && (moduleKey == null || moduleKey.equals(e.moduleKey())));
    }

    /** The filter of {@code type=}: a repeated name counts once (Set.of would throw on it: a 500). */
    private static Set<String> types(String type) {
        if (type == null || type.isBlank()) {
            return TYPES;
        }
        Set<String> types = new HashSet<>();
        for (String t : type.toLowerCase(Locale.ROOT).split(",", -1)) {
            String name = t.strip();
            if (!TYPES.contains(name)) {
                throw FleetException.invalidField("Invalid parameter", "type",
                        "must be a comma-separated list of opened, identified, closed; '" + t + "' is none of them");
            }
            types.add(name);
        }
        return Set.copyOf(types);
    }
}
