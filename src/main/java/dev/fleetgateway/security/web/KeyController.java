package dev.fleetgateway.security.web;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.security.ApiKeyView;
import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.CreatedKey;
import dev.fleetgateway.security.Role;
import dev.fleetgateway.system.FleetException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST resource of API keys (admin role): create (the token is shown once), list, revoke. */
@RestController
@RequestMapping(path = "/api/v1/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "Bearer keys of the REST API; shown once, stored hashed (admin role)")
class KeyController {

    /** A key to create: a name, its roles ({@code read, send, operate, simulate, admin}), an optional expiry. */
    record KeyRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:@-]+") String name,
            @NotEmpty @Size(max = 5) Set<@NotBlank @Size(max = 16) String> roles,
            Instant expiresAt) {
    }

    private final ApiKeys keys;

    KeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "The token is in this "
            + "answer only; the gateway keeps its SHA-256. Send it as 'Authorization: Bearer <token>'.")
    @ApiResponse(responseCode = "201", description = "Created; the token is shown this once")
    ResponseEntity<CreatedKey> create(@Valid @RequestBody KeyRequest body) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : body.roles()) {
            roles.add(Role.parse(r).orElseThrow(() -> new FleetException(FleetException.Kind.INVALID,
                    "invalid-key-request", "Invalid API key request", "Unknown role '" + r
                            + "'; roles are read, send, operate, simulate, admin")));
        }
        CreatedKey created = keys.create(body.name(), roles, body.expiresAt());
        return ResponseEntity.created(URI.create("/api/v1/keys/" + created.key().id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Oldest first, revoked ones included; never a secret.")
    List<ApiKeyView> list() {
        return keys.list();
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "Refused from the next request on. Answers the "
            + "revoked key.")
    ApiKeyView revoke(@PathVariable UUID id) {
        return keys.revoke(id);
    }
}
