package dev.fleetgateway.system.web;

import dev.fleetgateway.system.ApiProperties;
import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies whose declared length exceeds what any endpoint accepts (the largest payload,
 * base64-encoded, plus room for JSON) before a byte is read, so a huge JSON body is never buffered.
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
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body has " + length + " bytes; at most " + limit + " are accepted "
                            + "(gateway.api.max-payload, base64-encoded, plus JSON)");
            pd.setTitle("Payload too large");
            pd.setType(java.net.URI.create(Problems.TYPE_BASE + "payload-too-large"));
            pd.setInstance(java.net.URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(JSON.writeValueAsBytes(pd));
            return;
        }
        chain.doFilter(request, response);
    }
}
