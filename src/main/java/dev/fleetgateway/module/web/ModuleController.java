package dev.fleetgateway.module.web;

import dev.fleetgateway.module.ModuleRequests;

import dev.fleetgateway.module.CurrentSessionLookup;
import dev.fleetgateway.module.ModuleDetail;
import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** REST resource of the module registry. */
@RestController
@RequestMapping(path = "/api/v1/modules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Modules", description = "Registry of real and simulated modules")
class ModuleController {

    private static final Set<String> SORTABLE = Set.of("moduleKey", "name", "kind", "createdAt", "lastSeenAt");

    private final ModuleService modules;
    private final CurrentSessionLookup sessions;

    ModuleController(ModuleService modules, org.springframework.beans.factory.ObjectProvider<CurrentSessionLookup> sessions) {
        this.modules = modules;
        this.sessions = sessions.getIfAvailable(() -> key -> java.util.Optional.empty());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createModule", summary = "Register a module", description = "409 if the key is taken.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "409", description = "The module key is taken")
    ResponseEntity<ModuleView> create(@Valid @RequestBody ModuleRequests.Create body) {
        ModuleView created = modules.create(body);
        return ResponseEntity.created(URI.create("/api/v1/modules/" + created.id())).body(created);
    }

    @GetMapping("/{idOrKey}")
    @Operation(operationId = "getModule", summary = "Get a module by id or module key", description = "Includes the module's current "
            + "session (null when offline).")
    ModuleDetail get(@PathVariable String idOrKey) {
        ModuleView m = modules.get(idOrKey);
        return new ModuleDetail(m, sessions.currentSession(m.moduleKey()).orElse(null));
    }

    @GetMapping
    @Operation(operationId = "listModules", summary = "List modules", description = "Paged and sorted; filter by kind and by labels "
            + "(label=key:value, repeatable, all must match).")
    PageView<ModuleView> list(
            @RequestParam(required = false) ModuleKind kind,
            @Parameter(description = "key:value, repeatable") @RequestParam(required = false) List<String> label,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int size,
            @Parameter(description = "property[,asc|desc]; one of moduleKey, name, kind, createdAt, lastSeenAt")
            @RequestParam(defaultValue = "createdAt,asc") String sort) {
        return PageView.of(modules.list(kind, parseLabels(label), pageRequest(page, size, parseSort(sort))));
    }

    @PatchMapping(path = "/{idOrKey}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateModule", summary = "Change the name and/or replace the labels of a module")
    ModuleView update(@PathVariable String idOrKey, @Valid @RequestBody ModuleRequests.Update body) {
        return modules.update(idOrKey, body);
    }

    @DeleteMapping("/{idOrKey}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteModule", summary = "Remove a module from the registry")
    void delete(@PathVariable String idOrKey) {
        modules.delete(idOrKey);
    }

    static Map<String, String> parseLabels(List<String> raw) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (raw == null) {
            return labels;
        }
        for (String l : raw) {
            int colon = l.indexOf(':');
            if (colon <= 0 || !l.substring(0, colon).matches(ModuleRequests.LABEL_KEY)) {
                throw FleetException.invalid("validation", "Invalid parameter",
                        "label must be key:value with a valid key, got '" + l + "'");
            }
            labels.put(l.substring(0, colon), l.substring(colon + 1));
        }
        return labels;
    }

    // The offset page * size must fit an int (the database's OFFSET); beyond, the page would be empty anyway.
    static PageRequest pageRequest(int page, int size, Sort sort) {
        if ((long) page * size > Integer.MAX_VALUE) {
            throw FleetException.invalidField("Invalid parameter", "page",
                    "times size must be at most " + Integer.MAX_VALUE + " (got page " + page + ", size " + size + ")");
        }
        return PageRequest.of(page, size, sort);
    }

    static Sort parseSort(String sort) {
        // limit -1 keeps empty parts, so ",", "name," and "" are refused rather than read as nothing
        String[] parts = sort.split(",", -1);
        String property = parts[0].trim();
        if (!SORTABLE.contains(property) || parts.length > 2) {
            throw FleetException.invalid("validation", "Invalid parameter",
                    "sort must be one of " + SORTABLE + " optionally followed by ,asc or ,desc");
        }
        Sort.Direction dir = Sort.Direction.ASC;
        if (parts.length == 2) {
            dir = Sort.Direction.fromOptionalString(parts[1].trim()).orElseThrow(() -> FleetException.invalid(
                    "validation", "Invalid parameter", "sort direction must be asc or desc"));
        }
        return Sort.by(dir, property).and(Sort.by("id"));
    }
}
