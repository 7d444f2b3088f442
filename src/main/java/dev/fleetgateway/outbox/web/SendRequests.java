package dev.fleetgateway.outbox.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** JSON bodies of the send endpoints. */
final class SendRequests {

    private SendRequests() {
    }

    /** One downlink as JSON. */
    record Single(
            @Schema(example = "AT+PING\r\n", description = "the bytes, written in the given encoding") String data,
            @Schema(example = "text", description = "text (UTF-8, default), hex or base64") String encoding) {
    }

    /** One downlink for many modules, chosen by key or by label selector. */
    record Batch(
            @Schema(example = "[\"866327040123456\",\"866327040123457\"]", description = "module keys (or ids); "
                    + "give these or labels") List<String> moduleKeys,
            @Schema(example = "{\"site\":\"berlin\"}", description = "every label must match") Map<String, String> labels,
            @Schema(example = "0102ff", description = "the bytes, written in the given encoding") String data,
            @Schema(example = "hex", description = "text (UTF-8, default), hex or base64") String encoding,
            @Schema(example = "true", description = "queue for offline modules") Boolean queue,
            @Schema(example = "10m", description = "time-to-live in the outbox; implies queue") String ttl) {
    }
}
