package dev.fleetgateway.system.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.fleetgateway.system.FleetException;
import jakarta.validation.ConstraintViolationException;

/**
 * Turns every exception a controller lets escape into an RFC 9457 problem detail; the framework's own
 * errors (415, 405, malformed JSON, unmapped paths) are handled by the base class.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return Problems.of(status, type, title, detail);
    }

    private static ProblemDetail validation(String detail, List<Map<String, Object>> errors) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "validation", "Validation failed", detail);
        pd.setProperty("errors", errors);
        return pd;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ex.getBody();
        body.setTitle("Validation failed");
        body.setType(java.net.URI.create(Problems.TYPE_BASE + "validation"));
        List<Map<String, Object>> errors = new ArrayList<>();
        for (FieldError fe : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", fe.getField(), "message", String.valueOf(fe.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors().forEach(ge -> errors.add(
                Map.of("field", ge.getObjectName(), "message", String.valueOf(ge.getDefaultMessage()))));
        // the detail names each field with its rule ("connectTimeout must be between 100ms and 5m"), so a
        // caller reading only the detail learns the allowed range
        body.setDetail(errors.size() + " invalid field(s): " + String.join("; ",
                errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList()));
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ex.getBody();
        body.setTitle("Validation failed");
        body.setType(java.net.URI.create(Problems.TYPE_BASE + "validation"));
        List<Map<String, Object>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(e -> errors.add(Map.of(
                "field", String.valueOf(r.getMethodParameter().getParameterName()),
                "message", String.valueOf(e.getDefaultMessage())))));
        body.setDetail(errors.isEmpty() ? "Invalid request" : errors.size() + " invalid parameter(s): "
                + String.join(", ", errors.stream().map(e -> (String) e.get("field")).toList()));
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FleetException fleet = BodyErrors.fleetCause(ex);
        if (fleet != null) {
            // a bound the body's reader enforces (RequestSizeFilter), wrapped by the JSON parser on its way out
            return Problems.response(Problems.of(fleet));
        }
        return handleExceptionInternal(ex, BodyErrors.problem(ex), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(HttpStatus.NOT_FOUND, null, "Not Found", "No endpoint at /" + ex.getResourcePath());
        return handleExceptionInternal(ex, body, headers, HttpStatus.NOT_FOUND, request);
    }

    // Every problem the base class builds is written as problem+json whatever the Accept header says.
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail pd) {
            Problems.withType(pd);
            HttpHeaders h = new HttpHeaders();
            h.putAll(headers);
            h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            headers = h;
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Failures services report on purpose: their kind picks the status. */
    @ExceptionHandler(FleetException.class)
    ResponseEntity<Object> fleet(FleetException ex) {
        return Problems.response(Problems.of(ex));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid parameter",
                "Parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'");
        pd.setProperty("errors", List.of(Map.of("field", ex.getName(), "message", "invalid value")));
        return Problems.response(pd);
    }

    /** Tomcat refuses to decode a malformed query string ({@code ?=1}, {@code ?a=%zz}) when a parameter is read. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> malformedQuery(InvalidParameterException ex) {
        log.debug("Malformed query string", ex);
        return Problems.response(Problems.malformedQuery());
    }

    /** A multipart Content-Type the container cannot parse (no boundary, broken parts); the API takes none. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> malformedMultipart(MultipartException ex) {
        log.debug("Malformed multipart request", ex);
        return Problems.response(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The multipart request body cannot be parsed (the API takes JSON or raw bytes, not multipart)"));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        List<Map<String, Object>> errors = new ArrayList<>();
        ex.getConstraintViolations().forEach(v -> errors.add(
                Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())));
        return Problems.response(validation(ex.getMessage(), errors));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException ex) {
        log.debug("Integrity violation", ex);
        return Problems.response(problem(HttpStatus.CONFLICT, "conflict", "Conflict",
                "The request conflicts with existing data (a unique value is already taken)"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        FleetException fleet = BodyErrors.fleetCause(ex);
        if (fleet != null) {
            return Problems.response(Problems.of(fleet));
        }
        log.error("Unexpected error", ex);
        return Problems.response(problem(HttpStatus.INTERNAL_SERVER_ERROR, null, "Internal error",
                "An unexpected error occurred; it has been logged"));
    }
}
