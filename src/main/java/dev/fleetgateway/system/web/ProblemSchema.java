package dev.fleetgateway.system.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The shape of every error answer in the OpenAPI document (schema {@code Problem}): the RFC 9457 members and the
 * extension members this service adds. Only documents: {@link Problems} builds the real answers.
 */
@Schema(name = "Problem", description = "An RFC 9457 problem detail (application/problem+json); every error "
        + "answer is one", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record ProblemSchema(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri",
                description = "Identifies the kind of problem: about:blank or a URI under "
                        + Problems.TYPE_BASE, example = Problems.TYPE_BASE + "module-offline") String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Module offline") String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "409") int status,
        @Schema(example = "Module '866327040123456' has no open session") String detail,
        @Schema(format = "uri-reference", example = "/api/v1/modules/866327040123456/session") String instance,
        @Schema(description = "The usocket errno, when a socket error caused the problem", example = "110")
        Integer errno,
        @Schema(description = "The errno's name", example = "ETIMEDOUT") String errnoName,
        @Schema(description = "Each invalid field or parameter, on validation problems") List<FieldProblem> errors) {

    /** One invalid field or parameter of a validation problem. */
    @Schema(name = "FieldProblem")
    record FieldProblem(@Schema(example = "connectTimeout") String field,
            @Schema(example = "must be between 100ms and 5m") String message) {
    }
}
