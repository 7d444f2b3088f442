package dev.fleetgateway.system.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** The operations of the service's own OpenAPI document, as the fuzzer needs them. */
final class ApiOperations {

    /** One declared parameter: where it goes, its name, and its schema. */
    record Param(String in, String name, JsonNode schema) {
    }

    /** One operation: method, path template, parameters, body media types and schema, response media types. */
    record Op(String method, String path, List<Param> params, List<String> consumes, JsonNode bodySchema,
            List<String> produces) {

        String id() {
            return method + " " + path;
        }

        boolean streams() {
            return produces.contains("text/event-stream");
        }
    }

    private ApiOperations() {
    }

    static List<Op> read(JsonNode doc) {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                JsonNode o = op.getValue();
                List<Param> params = new ArrayList<>();
                for (JsonNode p : o.path("parameters")) {
                    params.add(new Param(p.path("in").asString(), p.path("name").asString(), p.path("schema")));
                }
                List<String> consumes = new ArrayList<>();
                JsonNode body = null;
                for (Map.Entry<String, JsonNode> c : o.path("requestBody").path("content").properties()) {
                    consumes.add(c.getKey());
                    if (c.getKey().contains("json")) {
                        body = c.getValue().path("schema");
                    }
                }
                List<String> produces = new ArrayList<>();
                for (JsonNode r : o.path("responses")) {
                    r.path("content").propertyNames().forEach(produces::add);
                }
                ops.add(new Op(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), params, consumes, body, produces));
            }
        }
        return ops;
    }
}
