package dev.fleetgateway.simulator.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /fleets/{id}/scale} and {@code PATCH /fleets/{id}}. */
@Schema(description = "New module count of a fleet")
record ScaleRequest(@Schema(example = "500") Integer count) {
}
