package dev.fleetgateway.system.web;

import java.net.URI;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Replaces Boot's {@code BasicErrorController} so that errors raised outside Spring MVC (container
 * errors, {@code sendError} calls, filters) are problem details too, never the legacy error map.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Called directly, not forwarded by the container: there is no error to report, the request is wrong.
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, null, "Bad Request",
                    "/error only reports errors of other requests; it cannot be called directly"));
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof InvalidParameterException) {
            return Problems.response(Problems.malformedQuery());
        }
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status == HttpStatus.NOT_FOUND
                ? "No endpoint at " + (uri != null ? uri : "this path")
                : status.is5xxServerError() ? "An unexpected error occurred; it has been logged"
                : status.getReasonPhrase();
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(status.getReasonPhrase());
        if (uri != null) {
            try {
                pd.setInstance(URI.create(uri.toString()));
            } catch (IllegalArgumentException e) {
                // a request URI that is not a valid URI reference: leave instance out rather than fail
            }
        }
        return Problems.response(pd);
    }
}
