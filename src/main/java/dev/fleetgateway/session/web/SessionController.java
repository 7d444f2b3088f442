package dev.fleetgateway.session.web;

import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.session.SessionView;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.system.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** REST resource of sessions: list and inspect. */
@RestController
@RequestMapping(path = "/api/v1/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sessions", description = "TCP sessions of modules, inbound and outbound")
class SessionController {

    private final SessionQueries queries;

    SessionController(SessionQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "listSessions", summary = "List sessions", description = "Open sessions and recently closed ones (kept for "
            + "gateway.modules.closed-retention), newest first; filter by state, direction and module key.")
    PageView<SessionView> list(@RequestParam(required = false) SessionState state,
            @RequestParam(required = false) Direction direction,
            @RequestParam(required = false) String moduleKey,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        List<SessionView> all = queries.list(state, direction, moduleKey);
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new PageView<>(all.subList(from, to), page, size, all.size(), (all.size() + size - 1) / size);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSession", summary = "Get a session", description = "Live state and counters; a session that left the "
            + "live table is served from the history (historical=true).")
    SessionView get(@PathVariable String id) {
        return queries.get(id);
    }
}
