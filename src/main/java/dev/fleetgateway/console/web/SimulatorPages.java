package dev.fleetgateway.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.fleetgateway.simulator.FleetRequest;
import dev.fleetgateway.simulator.FleetView;
import dev.fleetgateway.simulator.Profile;
import dev.fleetgateway.simulator.SimulatorService;
import dev.fleetgateway.system.FleetException;
import io.swagger.v3.oas.annotations.Hidden;

/** Simulator fleets: list with live figures (SSE), create, scale and stop; plain forms, each answered by a redirect. */
@Controller
@Hidden
class SimulatorPages {

    /** How long a scale-down or stop may take before the page answers anyway (it goes on in the background). */
    private static final long STOP_WAIT_SECONDS = 10;

    private final SimulatorService simulator;
    private final ConsoleStreams streams;

    SimulatorPages(SimulatorService simulator, ConsoleStreams streams) {
        this.simulator = simulator;
        this.streams = streams;
    }

    @GetMapping("/console/simulator")
    String page(Model model) {
        List<FleetView> fleets = simulator.list();
        model.addAttribute("nav", "simulator");
        model.addAttribute("fleets", fleets);
        model.addAttribute("live", Fragments.fleets(fleets));
        model.addAttribute("profiles", Profile.values());
        return "console/simulator";
    }

    @GetMapping(path = "/console/simulator/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return streams.open(ConsoleStreams.Topic.SIMULATOR);
    }

    @PostMapping("/console/simulator")
    String create(@RequestParam(required = false) String name, @RequestParam(defaultValue = "1") int count,
            @RequestParam(required = false) List<Profile> profiles, @RequestParam(required = false) String keyPrefix,
            @RequestParam(required = false) String telemetryInterval, RedirectAttributes redirect) {
        List<Profile> chosen = profiles == null ? List.of() : new ArrayList<>(profiles);
        FleetRequest.TelemetryRequest telemetry = blank(telemetryInterval) ? null
                : new FleetRequest.TelemetryRequest(telemetryInterval.strip(), null, null);
        FleetView fleet = simulator.create(new FleetRequest(blank(name) ? null : name.strip(), count, null, null,
                blank(keyPrefix) ? null : keyPrefix.strip(), chosen, telemetry, null, null, null, null, null, null,
                null, null));
        redirect.addFlashAttribute("message", "Started " + fleet.id() + " with " + fleet.count() + " modules.");
        return "redirect:/console/simulator";
    }

    @PostMapping("/console/simulator/{id}/scale")
    String scale(@PathVariable String id, @RequestParam int count, RedirectAttributes redirect) {
        FleetView fleet = await(simulator.scale(id, count));
        redirect.addFlashAttribute("message", fleet == null ? "Scaling " + id + " to " + count + "…"
                : "Scaled " + id + " to " + fleet.count() + " modules.");
        return "redirect:/console/simulator";
    }

    @PostMapping("/console/simulator/{id}/stop")
    String stop(@PathVariable String id, RedirectAttributes redirect) {
        await(simulator.delete(id));
        redirect.addFlashAttribute("message", "Stopped " + id + ".");
        return "redirect:/console/simulator";
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FleetException fe) {
                throw fe;
            }
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "simulator-failed", "Simulator failed",
                    String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "interrupted", "Interrupted", "Try again");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
