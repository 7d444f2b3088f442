package dev.fleetgateway.dataplane.web;

/** What every connection's handler serves with; built once by {@link DataPlaneConfig}. */
record DataPlane(DataPlaneProblems problems, CallerCheck callers, DataPlaneSends sends, DataPlaneReads reads,
        DataPlaneForwards forwards, DataPlaneMetrics metrics) {
}
