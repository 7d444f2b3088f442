package dev.fleetgateway.system.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.fleetgateway.system.FleetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a request body Jackson refused, naming the field: an unknown field (a typo must not be
 * ignored), a value of the wrong type, or JSON that does not parse.
 */
final class BodyErrors {

    private BodyErrors() {
    }

    /** The problem of an unreadable body. */
    static ProblemDetail problem(Throwable ex) {
        JacksonException je = find(ex, JacksonException.class);
        String field = je != null ? path(je) : "";
        String message;
        if (je instanceof UnrecognizedPropertyException u) {
            message = "unknown field (known: " + u.getKnownPropertyIds() + ")";
        } else if (je instanceof InvalidFormatException f) {
            message = "invalid value '" + f.getValue() + "' for " + typeName(f.getTargetType());
        } else if (je instanceof MismatchedInputException m && !field.isEmpty()) {
            message = "wrong type, expected " + typeName(m.getTargetType());
        } else {
            ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    "The request body is missing or is not valid JSON of the expected shape"
                            + (field.isEmpty() ? "" : " (at '" + field + "')"));
            return pd;
        }
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "Field '" + field + "': " + message);
        pd.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return pd;
    }

    /** The {@link FleetException} somewhere in the causes (a bound enforced while the body was read), or null. */
    static FleetException fleetCause(Throwable ex) {
        return find(ex, FleetException.class);
    }

    private static <T> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.getName().startsWith("java.time.") || type == org.springframework.util.unit.DataSize.class) {
            return "a string (like 5s or 64KB)";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type == String.class || type.isEnum() || CharSequence.class.isAssignableFrom(type)) {
            return type.isEnum() ? "one of " + List.of(type.getEnumConstants()) : "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object (" + type.getSimpleName() + ")";
    }
}
