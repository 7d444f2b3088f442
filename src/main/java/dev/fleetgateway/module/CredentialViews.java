package dev.fleetgateway.module;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the credential API takes and shows; no view but {@link Issued} ever carries a secret. */
public final class CredentialViews {

    /** Largest bulk provisioning request. */
    public static final int MAX_PROVISION = 1000;

    private CredentialViews() {
    }

    /** A credential without its secret. */
    public record Credential(UUID id, String moduleKey, String origin, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt, boolean revoked) {
    }

    /** A token just generated: the only time it is shown. */
    public record Issued(UUID id, String moduleKey, Instant createdAt,
            @Schema(description = "the secret; shown once, stored only as its SHA-256") String token,
            @Schema(description = "the hello line that proves it (send it only over TLS; else use the HMAC form)")
            String hello) {
    }

    /** One hash to provision. */
    public record Provision(
            @NotBlank @Pattern(regexp = ModuleKeys.REGEX, message = "must be 1-64 characters of [0-9A-Za-z_.:-]")
            String moduleKey,
            @Schema(description = "SHA-256 of the token's ASCII bytes, 64 hex digits",
                    example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (a SHA-256)")
            String sha256) {
    }

    /** A bulk provisioning request. */
    public record ProvisionRequest(
            @NotNull @Size(min = 1, max = MAX_PROVISION) List<@NotNull @Valid Provision> credentials) {
    }

    /** What a bulk provisioning did: hashes added, and hashes the module already had. */
    public record Provisioned(int added, int alreadyPresent) {
    }
}
