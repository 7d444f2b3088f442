package dev.fleetgateway.session.web;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;

import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleNotFoundException;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.system.FleetException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

/** The read verbs and close addressed by module (id or key), routed to the module's current session. */
@RestController
@RequestMapping(path = "/api/v1/modules/{idOrKey}")
@Tag(name = "Modules")
class ModuleSessionController {

    private final ModuleService modules;
    private final KnownModules known;
    private final SessionRegistry registry;
    private final SessionReads reads;

    ModuleSessionController(ModuleService modules, KnownModules known, SessionRegistry registry, SessionReads reads) {
        this.modules = modules;
        this.known = known;
        this.registry = registry;
        this.reads = reads;
    }

    @GetMapping(path = "/recv", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(operationId = "recvFromModule", summary = "recv from the module's current session",
            description = "As /sessions/{id}/recv; 409 when the module has no session.")
    @ReceivedResponses
    CompletableFuture<ResponseEntity<?>> recv(@PathVariable String idOrKey, @RequestParam(defaultValue = "1024") int max,
            @RequestParam(required = false) String timeout, @RequestParam(required = false) String encoding,
            @Parameter(hidden = true) @RequestHeader(name = "Accept", required = false) String accept,
            HttpServletRequest request) {
        return reads.recv(current(idOrKey), max, timeout, encoding, SessionApiController.wantsRaw(accept), request);
    }

    @GetMapping(path = "/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "readModuleMessages", summary = "Cursor read on the module's current session")
    @ApiResponse(responseCode = "200", description = "The frames after 'after' (an empty list when wait passed)")
    @ApiResponse(responseCode = "409", description = "The module has no session")
    @ApiResponse(responseCode = "429", description = "Too many readers waiting on this session")
    CompletableFuture<SessionRequests.Messages> messages(@PathVariable String idOrKey,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String wait, @RequestParam(required = false) String encoding,
            HttpServletRequest request) {
        return reads.messages(current(idOrKey), after, limit, wait, encoding, request);
    }

    @PostMapping(path = "/messages/ack", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "ackModuleMessages", summary = "Acknowledge frames on the module's current session")
    @ApiResponse(responseCode = "200", description = "Frames freed")
    @ApiResponse(responseCode = "409", description = "The module has no session")
    SessionRequests.Acked ack(@PathVariable String idOrKey, @Valid @RequestBody SessionRequests.Ack body) {
        return reads.ack(current(idOrKey), body.upTo());
    }

    @DeleteMapping("/session")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "closeModuleSession", summary = "Close the module's current session (socket.close())",
            description = "409 when it has none.")
    @ApiResponse(responseCode = "204", description = "Closed")
    @ApiResponse(responseCode = "409", description = "The module has no session")
    void close(@PathVariable String idOrKey) {
        current(idOrKey).close(CloseReason.CLOSED_BY_API);
    }

    // Anything that cannot be an id is a key, answered from memory: its session, else 409 if the in-memory key
    // table knows it, else 404. Only what may be an id (a UUID) asks the registry.
    private ModuleSession current(String idOrKey) {
        if (!ModuleService.mayBeId(idOrKey)) {
            ModuleSession live = registry.findByModuleKey(idOrKey).orElse(null);
            if (live != null) {
                return live;
            }
            throw known.isKnown(idOrKey) ? offline(idOrKey) : new ModuleNotFoundException(idOrKey);
        }
        String key = modules.find(idOrKey).map(m -> m.moduleKey()).orElse(idOrKey);
        return registry.findByModuleKey(key).orElseThrow(() -> modules.find(idOrKey).isPresent()
                ? offline(idOrKey) : new ModuleNotFoundException(idOrKey));
    }

    private static FleetException offline(String idOrKey) {
        return FleetException.conflict("module-offline", "Module offline", "Module '" + idOrKey + "' has no open session");
    }
}
