package dev.fleetgateway.security;

/** A key just created: the only time its token is shown. */
public record CreatedKey(ApiKeyView key, String token) {
}
