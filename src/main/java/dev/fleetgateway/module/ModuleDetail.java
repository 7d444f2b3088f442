package dev.fleetgateway.module;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A module with its current session, if it has one. */
public record ModuleDetail(@JsonUnwrapped ModuleView module, Object currentSession) {
}
