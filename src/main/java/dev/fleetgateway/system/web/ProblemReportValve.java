package dev.fleetgateway.system.web;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report, as a problem detail instead of an HTML page: the errors the container answers itself,
 * before (or without) Spring MVC: a request line or URI it cannot parse, an encoded slash in a path, headers
 * over the size limit, a refused method such as TRACE.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        // the same guards as Tomcat's own report: nothing for non-errors, nothing once a body has been written,
        // and each error reported once
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String title = status != null ? status.getReasonPhrase() : "Error";
        ProblemDetail pd = ProblemDetail.forStatus(code);
        pd.setTitle(title);
        pd.setDetail(code == 400 ? "The request could not be parsed: malformed request line, URI, encoding or headers "
                + "(an encoded slash %2F is refused in paths; headers are limited in size)"
                : code >= 500 ? "An unexpected error occurred; it has been logged" : title);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Problems.members(pd)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more can be said
        }
    }
}
