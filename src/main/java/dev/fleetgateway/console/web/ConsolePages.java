package dev.fleetgateway.console.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.fleetgateway.console.FleetOverview;
import dev.fleetgateway.console.TrafficHistory;
import io.swagger.v3.oas.annotations.Hidden;

/** The console's entry: {@code /} sends the browser to it; the fleet overview with its live stream. */
@Controller
@Hidden
class ConsolePages {

    private final FleetOverview overview;
    private final TrafficHistory history;
    private final ConsoleStreams streams;

    ConsolePages(FleetOverview overview, TrafficHistory history, ConsoleStreams streams) {
        this.overview = overview;
        this.history = history;
        this.streams = streams;
    }

    /**
     * Whether htmx sent the request and wants a fragment, not a page; a history restore (the back button after a
     * pushed search URL) wants the whole page.
     */
    static boolean htmx(HttpServletRequest request) {
        return request.getHeader("HX-Request") != null && request.getHeader("HX-History-Restore-Request") == null;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/console")
    String overview(Model model) {
        model.addAttribute("nav", "overview");
        model.addAttribute("counts", Fragments.overview(overview.snapshot()));
        model.addAttribute("samples", Fragments.samples(history.samples()));
        return "console/overview";
    }

    @GetMapping(path = "/console/stream/overview", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter overviewStream() {
        return streams.open(ConsoleStreams.Topic.OVERVIEW);
    }
}
