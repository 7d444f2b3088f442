package dev.fleetgateway.console.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

import dev.fleetgateway.console.ConsoleProperties;
import dev.fleetgateway.module.ModuleRequests;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;
import dev.fleetgateway.outbox.ModuleSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.outbox.OutboxState;
import dev.fleetgateway.outbox.OutboxStore;
import dev.fleetgateway.outbox.OutboxView;
import dev.fleetgateway.outbox.SendOptions;
import dev.fleetgateway.outbox.SendOutcome;
import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SessionView;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Payloads;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The module pages: the list (search and label filter, paged on the server), one module with its live session
 * and terminal (send text or hex; frames arrive over SSE), its outbox (cancel) and its session history.
 */
@Controller
@Hidden
class ModulePages {

    private final ModuleService modules;
    private final SessionRegistry registry;
    private final SessionQueries queries;
    private final ModuleSender sender;
    private final OutboxStore outbox;
    private final OutboxProperties outboxProps;
    private final ApiProperties api;
    private final ConsoleStreams streams;
    private final int pageSize;

    ModulePages(ModuleService modules, SessionRegistry registry, SessionQueries queries, ModuleSender sender,
            OutboxStore outbox, OutboxProperties outboxProps, ApiProperties api, ConsoleStreams streams,
            ConsoleProperties props) {
        this.modules = modules;
        this.registry = registry;
        this.queries = queries;
        this.sender = sender;
        this.outbox = outbox;
        this.outboxProps = outboxProps;
        this.api = api;
        this.streams = streams;
        this.pageSize = props.pageSize();
    }

    /** A row of the module list: the module and the state of its live session (null when offline). */
    record Row(ModuleView module, String state) {
    }

    @GetMapping("/console/modules")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String labels,
            @RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
        Map<String, String> filter = parseLabels(labels);
        Page<ModuleView> found = modules.search(q, filter, PageRequest.of(Math.max(0, Math.min(page, 100_000)),
                pageSize, Sort.by("moduleKey").and(Sort.by("id"))));
        List<Row> rows = found.getContent().stream().map(m -> new Row(m, registry.findByModuleKey(m.moduleKey())
                .map(s -> Fragments.label(s.state())).orElse(null))).toList();
        model.addAttribute("nav", "modules");
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("labels", labels == null ? "" : labels);
        model.addAttribute("rows", rows);
        model.addAttribute("page", found);
        model.addAttribute("query", query(q, labels));
        return htmx(request) ? "console/modules :: results" : "console/modules";
    }

    @GetMapping("/console/modules/{idOrKey}")
    String module(@PathVariable String idOrKey, Model model) {
        ModuleView m = modules.get(idOrKey);
        addModule(model, m, "session");
        model.addAttribute("session", Fragments.session(registry.findByModuleKey(m.moduleKey())
                .map(SessionView::of).orElse(null)));
        return "console/module";
    }

    @GetMapping(path = "/console/modules/{idOrKey}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String idOrKey) {
        return streams.module(modules.get(idOrKey).moduleKey());
    }

    @PostMapping("/console/modules/{idOrKey}/send")
    CompletableFuture<ModelAndView> send(@PathVariable String idOrKey, @RequestParam(defaultValue = "") String data,
            @RequestParam(defaultValue = "text") String encoding, @RequestParam(required = false) String crlf,
            @RequestParam(required = false) String queue, HttpServletRequest request, RedirectAttributes redirect) {
        ModuleView m = modules.get(idOrKey);
        byte[] bytes = Payloads.decode(data, Payloads.Encoding.parse(encoding, Payloads.Encoding.TEXT),
                api.maxPayload().toBytes());
        if (crlf != null) {
            byte[] withEnd = java.util.Arrays.copyOf(bytes, bytes.length + 2);
            withEnd[bytes.length] = '\r';
            withEnd[bytes.length + 1] = '\n';
            bytes = withEnd;
        }
        if (bytes.length == 0) {
            throw FleetException.invalidField("Nothing to send", "data", "type some text or hex first");
        }
        SendOptions options = SendOptions.parse(queue != null, null, outboxProps);
        boolean fragment = htmx(request);
        return sender.send(m.moduleKey(), bytes, options).handle((outcome, error) -> {
            String message;
            boolean failed = error != null;
            if (failed) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                message = cause instanceof FleetException fe ? fe.title() + ": " + fe.getMessage()
                        : "Send failed: " + cause.getMessage();
            } else {
                message = describe(outcome);
            }
            if (fragment) {
                ModelAndView mv = new ModelAndView("console/fragments :: message");
                mv.addObject("message", message);
                mv.addObject("error", failed);
                return mv;
            }
            redirect.addFlashAttribute("message", message);
            redirect.addFlashAttribute("error", failed);
            return new ModelAndView("redirect:/console/modules/" + encode(m.moduleKey()) + "#terminal");
        });
    }

    private static String describe(SendOutcome o) {
        if (o.isQueued()) {
            return "Queued in the outbox as " + o.queued().messageId() + " (the module is offline or not reading).";
        }
        if (o.isPending()) {
            return "Written, " + o.pending() + " bytes still waiting for the socket.";
        }
        return "Sent " + o.sent() + " bytes over session " + o.sessionId() + ".";
    }

    @PostMapping("/console/modules/{idOrKey}/session/close")
    String close(@PathVariable String idOrKey, RedirectAttributes redirect) {
        ModuleView m = modules.get(idOrKey);
        registry.findByModuleKey(m.moduleKey()).filter(s -> !s.isClosed()).orElseThrow(() -> FleetException.conflict(
                "module-offline", "Module offline", "Module '" + m.moduleKey() + "' has no open session"))
                .close(CloseReason.CLOSED_BY_API);
        redirect.addFlashAttribute("message", "Session closed.");
        return "redirect:/console/modules/" + encode(m.moduleKey());
    }

    @GetMapping("/console/modules/{idOrKey}/outbox")
    String outbox(@PathVariable String idOrKey, @RequestParam(required = false) OutboxState state,
            @RequestParam(defaultValue = "0") int page, Model model) {
        ModuleView m = modules.get(idOrKey);
        Page<OutboxView> messages = outbox.list(m.moduleKey(), state,
                PageRequest.of(Math.max(0, Math.min(page, 100_000)), pageSize, Sort.by("createdAt", "id")));
        addModule(model, m, "outbox");
        model.addAttribute("messages", messages);
        model.addAttribute("page", messages);
        model.addAttribute("state", state);
        model.addAttribute("states", OutboxState.values());
        model.addAttribute("query", state == null ? "" : "state=" + state.name() + "&");
        return "console/outbox";
    }

    @PostMapping("/console/outbox/{messageId}/cancel")
    String cancel(@PathVariable UUID messageId, RedirectAttributes redirect) {
        OutboxView message = outbox.get(messageId);
        outbox.cancel(messageId);
        redirect.addFlashAttribute("message", "Message " + messageId + " cancelled.");
        return "redirect:/console/modules/" + encode(message.moduleKey()) + "/outbox";
    }

    @GetMapping("/console/modules/{idOrKey}/history")
    String history(@PathVariable String idOrKey, @RequestParam(defaultValue = "0") int page, Model model) {
        ModuleView m = modules.get(idOrKey);
        Page<SessionView> sessions = queries.history(m.moduleKey(),
                PageRequest.of(Math.max(0, Math.min(page, 100_000)), pageSize, Sort.by(Sort.Direction.DESC, "closedAt")));
        addModule(model, m, "history");
        model.addAttribute("sessions", sessions);
        model.addAttribute("page", sessions);
        model.addAttribute("query", "");
        return "console/history";
    }

    private static void addModule(Model model, ModuleView m, String tab) {
        model.addAttribute("nav", "modules");
        model.addAttribute("tab", tab);
        model.addAttribute("module", m);
        model.addAttribute("key", m.moduleKey());
    }

    /** {@code key:value} pairs separated by spaces or commas; a malformed one is a 400 on the page. */
    static Map<String, String> parseLabels(String raw) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return labels;
        }
        for (String l : raw.trim().split("[\\s,]+")) {
            int colon = l.indexOf(':');
            if (colon <= 0 || !l.substring(0, colon).matches(ModuleRequests.LABEL_KEY)) {
                throw FleetException.invalidField("Invalid label filter", "labels",
                        "write key:value pairs separated by spaces, got '" + l + "'");
            }
            labels.put(l.substring(0, colon), l.substring(colon + 1));
        }
        return labels;
    }

    private static String query(String q, String labels) {
        StringBuilder b = new StringBuilder();
        if (q != null && !q.isBlank()) {
            b.append("q=").append(UriUtils.encodeQueryParam(q, StandardCharsets.UTF_8)).append('&');
        }
        if (labels != null && !labels.isBlank()) {
            b.append("labels=").append(UriUtils.encodeQueryParam(labels, StandardCharsets.UTF_8)).append('&');
        }
        return b.toString();
    }

    static String encode(String segment) {
        return UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8);
    }

    private static boolean htmx(HttpServletRequest request) {
        return ConsolePages.htmx(request);
    }
}
