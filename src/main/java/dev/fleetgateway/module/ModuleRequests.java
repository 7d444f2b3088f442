package dev.fleetgateway.module;

import dev.fleetgateway.module.ModuleKeys;
import dev.fleetgateway.module.ModuleKind;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the module registry. */
public final class ModuleRequests {

    public static final String LABEL_KEY = "[A-Za-z0-9][A-Za-z0-9_./-]{0,62}";

    private ModuleRequests() {
    }

    /** Registers a module. */
    public record Create(
            @Schema(example = "866327040123456", description = "IMEI or any id the module announces")
            @NotBlank @Pattern(regexp = ModuleKeys.REGEX, message = "must be 1-64 characters of [0-9A-Za-z_.:-]")
            String moduleKey,
            @Schema(example = "Pump 7") @Size(max = 128) String name,
            @Schema(example = "REAL", description = "REAL (default) or SIMULATED") ModuleKind kind,
            @Schema(example = "{\"site\":\"berlin\"}")
            @Size(max = 32, message = "at most 32 labels")
            Map<@NotNull @Pattern(regexp = LABEL_KEY, message = "label keys are 1-63 characters of [A-Za-z0-9_./-]") String,
                    @NotNull @Size(max = 255) String> labels) {
    }

    /** Changes the name and/or replaces the labels; absent fields are left as they are. */
    public record Update(
            @Schema(example = "Pump 7 (north)") @Size(max = 128) String name,
            @Size(max = 32, message = "at most 32 labels")
            Map<@NotNull @Pattern(regexp = LABEL_KEY, message = "label keys are 1-63 characters of [A-Za-z0-9_./-]") String,
                    @NotNull @Size(max = 255) String> labels) {
    }
}
