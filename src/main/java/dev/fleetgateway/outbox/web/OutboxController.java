package dev.fleetgateway.outbox.web;

import dev.fleetgateway.outbox.OutboxState;
import dev.fleetgateway.outbox.OutboxStore;
import dev.fleetgateway.outbox.OutboxView;

import java.util.UUID;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.system.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** REST resource of the offline outbox: list a module's messages, inspect and cancel one. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Outbox", description = "Downlinks queued for offline modules")
class OutboxController {

    private final OutboxStore store;
    private final ModuleService modules;

    OutboxController(OutboxStore store, ModuleService modules) {
        this.store = store;
        this.modules = modules;
    }

    @GetMapping("/modules/{idOrKey}/outbox")
    @Operation(operationId = "listOutbox", summary = "List a module's outbox", description = "Oldest first, paged; filter by state "
            + "(QUEUED, DELIVERED, EXPIRED, CANCELLED, FAILED). 404 for an unknown module.")
    PageView<OutboxView> list(@Parameter(example = "866327040123456") @PathVariable String idOrKey,
            @RequestParam(required = false) OutboxState state,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        String key = modules.get(idOrKey).moduleKey();
        PageRequest pageable = PageRequest.of(page, size, Sort.by("createdAt", "id"));
        return PageView.of(store.list(key, state, pageable));
    }

    @GetMapping("/outbox/{messageId}")
    @Operation(operationId = "getOutboxMessage", summary = "Get an outbox message", description = "Its state, expiry, delivery time and "
            + "session, attempts and last error.")
    OutboxView get(@PathVariable UUID messageId) {
        return store.get(messageId);
    }

    @DeleteMapping("/outbox/{messageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "cancelOutboxMessage", summary = "Cancel a queued message", description = "204; 409 "
            + "when it was already delivered, expired, cancelled or failed; 404 when unknown.")
    @ApiResponse(responseCode = "204", description = "Cancelled")
    @ApiResponse(responseCode = "409", description = "No longer queued: sending, delivered, expired, cancelled or "
            + "failed")
    void cancel(@PathVariable UUID messageId) {
        store.cancel(messageId);
    }
}
