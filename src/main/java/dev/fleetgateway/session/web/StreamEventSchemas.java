package dev.fleetgateway.session.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The events of the two Server-Sent Event streams, for the OpenAPI document only: each event has a name
 * ({@code event:}) and one line of JSON ({@code data:}). {@link EventStreams} writes them.
 */
final class StreamEventSchemas {

    private StreamEventSchemas() {
    }

    /** An event of {@code GET /api/v1/sessions/{id}/stream}. */
    @Schema(name = "SessionStreamEvent", description = "One event of a session stream: 'frame' (data: a FrameView, "
            + "data in base64), 'closed' (data: a LifecycleEvent; the stream ends), 'dropped' (data: a DroppedEvent; "
            + "the subscriber fell too far behind and is disconnected)")
    record SessionEvent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"frame", "closed", "dropped"},
                    example = "frame") String event,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    anyOf = {FrameView.class, EventStreams.LifecycleEvent.class, Dropped.class}) Object data) {
    }

    /** An event of {@code GET /api/v1/events}. */
    @Schema(name = "FleetStreamEvent", description = "One lifecycle event of the fleet stream: 'opened', "
            + "'identified', 'closed' (data: a LifecycleEvent), or 'dropped' (data: a DroppedEvent)")
    record FleetEvent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"opened", "identified", "closed", "dropped"}, example = "identified")
            String event,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    anyOf = {EventStreams.LifecycleEvent.class, Dropped.class}) Object data) {
    }

    /** The last event a too slow subscriber gets. */
    @Schema(name = "DroppedEvent")
    record Dropped(@Schema(example = "subscriber too slow: more than 1024 events pending") String reason) {
    }
}
