package dev.fleetgateway.security;

import java.util.Set;

/** Who made a request: the API key's or token's name and the roles it carries. */
public record Caller(String name, Set<Role> roles) {
}
