package dev.fleetgateway.console.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import dev.fleetgateway.system.FleetException;

/**
 * What every console page knows (who is logged in, which actions the key's roles allow, the CSRF token htmx
 * sends) and how a failure is shown: an HTML page, or for an htmx request the message alone, which the page
 * announces in its alert region. Ahead of the API's problem-detail advice, for console controllers only.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    @ModelAttribute
    void common(HttpServletRequest request, org.springframework.ui.Model model) {
        model.addAttribute("caller", request.getRemoteUser());
        model.addAttribute("fmt", Formats.INSTANCE);
        // Controls a key may not use are not offered; the chain refuses them anyway (EndpointRoles).
        model.addAttribute("can", Map.of("send", request.isUserInRole("SEND"),
                "operate", request.isUserInRole("OPERATE"), "simulate", request.isUserInRole("SIMULATE")));
        if (request.getAttribute("_csrf") instanceof org.springframework.security.web.csrf.CsrfToken token) {
            model.addAttribute("csrf", token);
        }
    }

    @ExceptionHandler(FleetException.class)
    ModelAndView failed(FleetException e, HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = status(e.kind());
        if (ConsolePages.htmx(request)) {
            ModelAndView mv = new ModelAndView("console/fragments :: message");
            mv.addObject("message", e.title() + ": " + e.getMessage());
            mv.addObject("error", true);
            mv.setStatus(status);
            return mv;
        }
        ModelAndView mv = new ModelAndView("console/error");
        mv.addObject("title", e.title());
        mv.addObject("detail", e.getMessage());
        mv.setStatus(status);
        return mv;
    }

    static HttpStatus status(FleetException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND, NO_DATA -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case PEER_FAILED -> HttpStatus.BAD_GATEWAY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case PEER_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
        };
    }
}
