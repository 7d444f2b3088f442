package dev.fleetgateway.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's login and logout: the operator pastes an API key (the same keys as the API); on success a new
 * HTTP session stands for it. A failed login answers 401 with the form again.
 */
@Controller
@Hidden
class LoginController {

    private static final Logger audit = LoggerFactory.getLogger("fleet.audit");

    private final SessionLogin login;

    LoginController(SessionLogin login) {
        this.login = login;
    }

    @GetMapping(ConsoleSecurityConfig.LOGIN_PAGE)
    String page(@RequestParam(required = false) String next, @RequestParam(required = false) String logout,
            Model model) {
        model.addAttribute("next", safeNext(next));
        model.addAttribute("loggedOut", logout != null);
        return "console/login";
    }

    @PostMapping(ConsoleSecurityConfig.LOGIN_PAGE)
    String logIn(@RequestParam(required = false) String key, @RequestParam(required = false) String next,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        // A new session on every login: the old id (fixation) and the old CSRF token do not survive it.
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        var caller = login.logIn(request, key);
        if (caller.isEmpty()) {
            audit.info("audit key=- operation=\"POST {}\" module=- outcome=401", ConsoleSecurityConfig.LOGIN_PAGE);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("next", safeNext(next));
            model.addAttribute("error", "That is no live API key (unknown, revoked or expired).");
            return "console/login";
        }
        audit.info("audit key={} operation=\"POST {}\" module=- outcome=302", caller.get().name(),
                ConsoleSecurityConfig.LOGIN_PAGE);
        return "redirect:" + safeNext(next);
    }

    @PostMapping("/console/logout")
    String logOut(HttpServletRequest request) {
        SessionLogin.logOut(request);
        return "redirect:" + ConsoleSecurityConfig.LOGIN_PAGE + "?logout";
    }

    /** Only a console path of this site: never another host ({@code //evil}) or scheme. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
                || next.startsWith(ConsoleSecurityConfig.LOGIN_PAGE)) {
            return "/console";
        }
        return next;
    }
}
