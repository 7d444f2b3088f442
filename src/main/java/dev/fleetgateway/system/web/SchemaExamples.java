package dev.fleetgateway.system.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.media.Schema;

/**
 * Builds a whole-body example from a schema: the {@code example} of each property where the DTO gives one, a
 * plausible value of the property's type and format where it does not. The contract shows one example per request
 * and answer body without each controller writing the JSON out by hand; Redocly checks each against its schema.
 */
final class SchemaExamples {

    private static final int MAX_DEPTH = 6;
    private static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, Schema> components;

    SchemaExamples(Map<String, Schema> components) {
        this.components = components != null ? components : Map.of();
    }

    /** An example body for the schema, or null when there is nothing to show (binary, unknown). */
    Object of(Schema<?> schema) {
        return of(schema, 0);
    }

    private Object of(Schema<?> s, int depth) {
        if (s == null || depth > MAX_DEPTH) {
            return null;
        }
        if (s.get$ref() != null) {
            String ref = s.get$ref();
            return ref.startsWith(REF_PREFIX) ? of(components.get(ref.substring(REF_PREFIX.length())), depth + 1) : null;
        }
        if (s.getExample() != null) {
            return s.getExample();
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            return s.getEnum().get(0);
        }
        if (s.getDefault() != null) {
            return s.getDefault();
        }
        for (List<Schema> alternatives : java.util.Arrays.asList(s.getOneOf(), s.getAnyOf(), s.getAllOf())) {
            if (alternatives != null && !alternatives.isEmpty()) {
                return of(alternatives.get(0), depth + 1);
            }
        }
        Set<String> types = s.getTypes() != null ? s.getTypes() : s.getType() != null ? Set.of(s.getType()) : Set.of();
        if (s.getProperties() != null || types.contains("object")) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (s.getProperties() != null) {
                s.getProperties().forEach((name, property) -> {
                    Object value = of(property, depth + 1);
                    if (value != null) {
                        body.put(name, value);
                    }
                });
            }
            return body;
        }
        if (types.contains("array")) {
            List<Object> list = new ArrayList<>();
            Object item = of(s.getItems(), depth + 1);
            if (item != null) {
                list.add(item);
            }
            return list;
        }
        if (types.contains("integer")) {
            return s.getMinimum() != null ? s.getMinimum().longValue() : 1;
        }
        if (types.contains("number")) {
            return s.getMinimum() != null ? s.getMinimum().doubleValue() : 1.5;
        }
        if (types.contains("boolean")) {
            return false;
        }
        if (types.contains("string")) {
            return string(s.getFormat());
        }
        return null;
    }

    private static String string(String format) {
        if (format == null) {
            return "string";
        }
        return switch (format) {
            case "date-time" -> "2026-11-29T17:00:00Z";
            case "date" -> "2026-11-29";
            case "uuid" -> "6f1c2d3e-0000-4000-8000-00000000abcd";
            case "duration" -> "PT5S";
            case "uri", "uri-reference" -> "https://fleet-gateway.dev/";
            case "binary", "byte" -> null;
            default -> "string";
        };
    }
}
