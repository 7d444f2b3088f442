package dev.fleetgateway.simulator.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.simulator.FleetRequest;
import dev.fleetgateway.simulator.FleetView;
import dev.fleetgateway.simulator.HandDriver;
import dev.fleetgateway.simulator.ModuleStateView;
import dev.fleetgateway.simulator.SimulatorService;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Durations;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.PageView;
import dev.fleetgateway.system.Payloads;
import dev.fleetgateway.system.web.Problems;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST API of the simulator: fleets of virtual modules, and the usocket verbs of one module driven by hand. */
@RestController
@RequestMapping("/api/v1/simulator/fleets")
@Tag(name = "Simulator", description = "Virtual modules that behave like QuecPython usocket clients")
class SimulatorController {

    private final SimulatorService simulator;
    private final ApiProperties api;

    SimulatorController(SimulatorService simulator, ApiProperties api) {
        this.simulator = simulator;
        this.api = api;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createFleet", summary = "Start a fleet", description = "Creates count virtual modules that register as SIMULATED "
            + "and dial the target (default: this gateway's module port) running the given profiles.")
    @ApiResponse(responseCode = "201", description = "Fleet started")
    @ApiResponse(responseCode = "400", description = "Invalid field (errors names them)")
    @ApiResponse(responseCode = "409", description = "A limit (fleets, modules per fleet, modules in total) or a key clash")
    @ApiResponse(responseCode = "403", description = "The outbound policy refuses the target (gateway.outbound)")
    ResponseEntity<FleetView> create(@RequestBody FleetRequest request) {
        FleetView fleet = simulator.create(request);
        return ResponseEntity.created(URI.create("/api/v1/simulator/fleets/" + fleet.id())).body(fleet);
    }

    @GetMapping
    @Operation(operationId = "listFleets", summary = "List fleets with their live stats")
    List<FleetView> list() {
        return simulator.list();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getFleet", summary = "Get a fleet with live stats", description = "Module states, "
            + "frames and bytes both ways, connect latency p50/p95/p99 and errors by errno.")
    @ApiResponse(responseCode = "200", description = "The fleet")
    @ApiResponse(responseCode = "404", description = "Unknown fleet")
    FleetView get(@PathVariable String id) {
        return simulator.get(id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "patchFleet", summary = "Scale a fleet", description = "Same as POST /{id}/scale.")
    @ApiResponse(responseCode = "200", description = "Scaled")
    @ApiResponse(responseCode = "409", description = "Over a module limit")
    CompletableFuture<FleetView> patch(@PathVariable String id, @RequestBody ScaleRequest request) {
        return scale(id, request);
    }

    @PostMapping(path = "/{id}/scale", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "scaleFleet", summary = "Scale a fleet up or down", description = "New modules start; the highest indexes close "
            + "cleanly when scaling down. Answers once they are closed.")
    @ApiResponse(responseCode = "200", description = "Scaled")
    @ApiResponse(responseCode = "409", description = "Over a module limit")
    CompletableFuture<FleetView> scale(@PathVariable String id, @RequestBody ScaleRequest request) {
        if (request == null || request.count() == null) {
            throw invalid("count", "must not be null");
        }
        return simulator.scale(id, request.count());
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteFleet", summary = "Stop a fleet", description = "Every module closes its socket (FIN); answers 204 once closed.")
    @ApiResponse(responseCode = "204", description = "Stopped")
    CompletableFuture<ResponseEntity<Void>> delete(@PathVariable String id) {
        return simulator.delete(id).thenApply(v -> ResponseEntity.noContent().build());
    }

    @GetMapping("/{id}/modules")
    @Operation(operationId = "listFleetModules", summary = "List the modules of a fleet", description = "Paged by "
            + "index.")
    PageView<ModuleStateView> modules(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw invalid("size", "page must be 0 or more and size 1-500");
        }
        return simulator.modules(id, page, size);
    }

    @GetMapping("/{id}/modules/{module}")
    @Operation(operationId = "getFleetModule", summary = "Get one module", description = "State, getsocketsta() code, last errno and counters.")
    ModuleStateView module(@PathVariable String id,
            @Parameter(description = "Index (0...) or 15-digit key") @PathVariable String module) {
        return simulator.hand(id, module).view();
    }

    @PostMapping("/{id}/modules/{module}/connect")
    @Operation(operationId = "connectSimulatedModule", summary = "socket() + getaddrinfo() + connect()",
            description = "Drives the module by hand (its "
            + "profile pauses). Sends the hello line when the fleet has hello on.")
    @ApiResponse(responseCode = "200", description = "Connected")
    @ApiResponse(responseCode = "502", description = "Refused (111), timed out (110), unreachable (113), name "
            + "lookup failed (202)")
    @ApiResponse(responseCode = "409", description = "Already connected (106) or connecting (114)")
    @ApiResponse(responseCode = "403", description = "The outbound policy refuses the fleet's target (no connect made)")
    CompletableFuture<ModuleStateView> connect(@PathVariable String id, @PathVariable String module) {
        HandDriver hand = simulator.hand(id, module);
        return hand.connect().thenApply(v -> hand.view());
    }

    @PostMapping(path = "/{id}/modules/{module}/send", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendFromSimulatedModule", summary = "socket.send(data)", description = "Answers the "
            + "byte count once flushed, e.g. {\"sent\": 12}.")
    @ApiResponse(responseCode = "200", description = "Flushed")
    @ApiResponse(responseCode = "400", description = "Bad encoding or data")
    @ApiResponse(responseCode = "413", description = "Larger than gateway.api.max-payload")
    @ApiResponse(responseCode = "409", description = "Not connected (107), closed (9) or send buffer full (11)")
    CompletableFuture<SocketRequests.SendResult> send(@PathVariable String id, @PathVariable String module,
            @RequestBody SocketRequests.SendRequest request) {
        if (request == null) {
            throw invalid("data", "must not be null");
        }
        byte[] data = request.bytes(api.maxPayload().toBytes());
        return simulator.hand(id, module).send(data).thenApply(SocketRequests.SendResult::new);
    }

    @GetMapping("/{id}/modules/{module}/recv")
    @Operation(operationId = "recvOnSimulatedModule", summary = "socket.recv(max)", description = "Waits without holding a thread. timeout=0 is "
            + "non-blocking; without timeout the module's settimeout/setblocking applies, bounded by "
            + "gateway.simulator.recv-max-wait. When nothing came: 408 problem with errno 110 ETIMEDOUT after "
            + "waiting, errno 11 EAGAIN when non-blocking (as the gateway's own recv answers). size 0 with "
            + "eof true means the peer closed (b'').")
    @ApiResponse(responseCode = "200", description = "Data, or eof with size 0 once the peer closed")
    @ApiResponse(responseCode = "408", description = "No data: errno 110 or 11")
    @ApiResponse(responseCode = "409", description = "Not connected (107), closed (9), or not UTF-8 with encoding=text")
    @ApiResponse(responseCode = "429", description = "Too many recv calls waiting on this module")
    CompletableFuture<SocketRequests.RecvAnswer> recv(@PathVariable String id, @PathVariable String module,
            @RequestParam(defaultValue = "1024") int max,
            @Parameter(description = "5s, 500ms, 2m or seconds; 0 is non-blocking") @RequestParam(required = false)
            String timeout,
            @Parameter(description = "base64 (default, as every read), hex or text") @RequestParam(required = false)
            String encoding) {
        long maxRecv = api.maxRecv().toBytes();
        if (max < 1 || max > maxRecv) {
            throw invalid("max", "must be between 1 and " + maxRecv);
        }
        Payloads.Encoding enc = Payloads.Encoding.parse(encoding, Payloads.Encoding.BASE64);
        Duration t = Durations.parse("timeout", timeout, null, api.maxWait());
        return simulator.hand(id, module).recv(max, t).handle((data, err) -> {
            if (err != null) {
                throw noData(err);
            }
            if (enc == Payloads.Encoding.TEXT && !Payloads.isUtf8(data)) {
                throw FleetException.conflict("not-text", "Data is not UTF-8 text",
                        "The data is binary; read it with encoding=base64 or hex");
            }
            return new SocketRequests.RecvAnswer(data.length, Payloads.encode(data, enc),
                    enc.name().toLowerCase(Locale.ROOT), data.length == 0);
        });
    }

    @PostMapping("/{id}/modules/{module}/close")
    @Operation(operationId = "closeSimulatedModule", summary = "socket.close()", description = "The server sees the module go offline; "
            + "getsocketsta() reports -1 afterwards.")
    CompletableFuture<ModuleStateView> close(@PathVariable String id, @PathVariable String module) {
        HandDriver hand = simulator.hand(id, module);
        return hand.close().thenApply(v -> hand.view());
    }

    @PostMapping(path = "/{id}/modules/{module}/settimeout", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setSimulatedModuleTimeout", summary = "socket.settimeout(seconds)", description = "null blocks, 0 is non-blocking.")
    CompletableFuture<ModuleStateView> settimeout(@PathVariable String id, @PathVariable String module,
            @RequestBody SocketRequests.TimeoutRequest request) {
        Double s = request == null ? null : request.seconds();
        if (s != null && (s < 0 || s > 86_400)) {
            throw invalid("seconds", "must be between 0 and 86400, or null to block");
        }
        HandDriver hand = simulator.hand(id, module);
        return hand.settimeout(s == null ? null : Duration.ofNanos((long) (s * 1e9))).thenApply(v -> hand.view());
    }

    @PostMapping(path = "/{id}/modules/{module}/setblocking", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setSimulatedModuleBlocking", summary = "socket.setblocking(flag)", description = "false equals settimeout(0), true settimeout(None).")
    CompletableFuture<ModuleStateView> setblocking(@PathVariable String id, @PathVariable String module,
            @RequestBody SocketRequests.BlockingRequest request) {
        if (request == null || request.blocking() == null) {
            throw invalid("blocking", "must not be null");
        }
        HandDriver hand = simulator.hand(id, module);
        return hand.settimeout(request.blocking() ? null : Duration.ZERO).thenApply(v -> hand.view());
    }

    @PostMapping("/{id}/modules/{module}/resume")
    @Operation(operationId = "resumeSimulatedModule", summary = "Hand the module back to its profiles", description = "Ends hand driving; the module "
            + "dials again if it has no connection.")
    CompletableFuture<ModuleStateView> resume(@PathVariable String id, @PathVariable String module) {
        HandDriver hand = simulator.hand(id, module);
        return hand.resume().thenApply(v -> hand.view());
    }

    /**
     * A socket error becomes a problem detail with its errno: 502 when the network or the peer failed (refused,
     * reset, unreachable, name lookup, connect timeout), 503 when this host has no local address or port to
     * dial from, 409 when the socket's own state forbids the call.
     */
    @ExceptionHandler(OsError.class)
    ResponseEntity<ProblemDetail> socketError(OsError e) {
        FleetException.Kind kind = switch (e.errno()) {
            case ECONNREFUSED, ECONNRESET, ECONNABORTED, EHOSTUNREACH, ENETUNREACH, EAI_FAIL, ETIMEDOUT ->
                    FleetException.Kind.PEER_FAILED;
            case EADDRNOTAVAIL, EADDRINUSE -> FleetException.Kind.UNAVAILABLE;
            default -> FleetException.Kind.CONFLICT;
        };
        ProblemDetail pd = Problems.of(new FleetException(kind, "socket-error", "Socket error", e.getMessage())
                .with("errno", e.errno().code()).with("errnoName", e.errno().name()));
        return ResponseEntity.status(pd.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    private static FleetException invalid(String field, String message) {
        return FleetException.invalidField("Validation failed", field, message);
    }

    /** recv found nothing: the same 408 "no-data" problem the gateway's recv answers. */
    private static RuntimeException noData(Throwable err) {
        Throwable e = Futures.unwrap(err);
        if (e instanceof OsError os && (os.errno() == Errno.ETIMEDOUT || os.errno() == Errno.EAGAIN)) {
            return new FleetException(FleetException.Kind.NO_DATA, "no-data", "No data", e.getMessage())
                    .with("errno", os.errno().code()).with("errnoName", os.errno().name());
        }
        return Futures.rethrowable(e);
    }
}
