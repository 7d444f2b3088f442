package dev.fleetgateway.system.web;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.FleetException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body to what any endpoint accepts (the largest payload, base64-encoded, plus room for
 * JSON): a declared length beyond it is refused before a byte is read, and any body, whatever its framing
 * (chunked has no declared length), is counted while it is read and fails with a 413 at the first byte over.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long limit;

    // Bound from the environment rather than injected, so that web slices (which include filters but not
    // configuration-properties beans) get the same limit.
    RequestSizeFilter(org.springframework.core.env.Environment env) {
        ApiProperties api = org.springframework.boot.context.properties.bind.Binder.get(env)
                .bindOrCreate("gateway.api", ApiProperties.class);
        this.limit = api.maxPayload().toBytes() * 4 / 3 + 64 * 1024;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > limit) {
            FleetException tooLarge = tooLarge("has " + length + " bytes");
            var pd = Problems.of(tooLarge);
            pd.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(JSON.writeValueAsBytes(Problems.members(pd)));
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, limit, () -> tooLarge("is longer")), response);
    }

    private FleetException tooLarge(String what) {
        return new FleetException(FleetException.Kind.TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body " + what + "; at most " + limit + " bytes are accepted "
                        + "(gateway.api.max-payload, base64-encoded, plus JSON)");
    }
}
