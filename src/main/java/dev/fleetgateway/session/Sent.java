package dev.fleetgateway.session;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a send reports, like the return value of {@code socket.send}: bytes flushed and the session they went over. */
public record Sent(@Schema(example = "12") int sent, String sessionId) {
}
