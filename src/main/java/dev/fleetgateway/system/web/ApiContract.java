package dev.fleetgateway.system.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * The parts of the API contract every operation shares, added in one place rather than annotated on each
 * controller: the bearer requirement, the errors any call can meet (401, 403, 429; 400 where it takes input, 404
 * where a path names a resource, 413 and 415 where it takes a body), every error answer as an
 * {@code application/problem+json} {@code Problem} with an example, and {@code Location} on every 201.
 * Controllers annotate only what is their own: success codes and bodies, errors specific to the operation.
 */
@Component
class ApiContract implements OpenApiCustomizer {

    static final String SECURITY_SCHEME = "bearerAuth";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");

    /** Errors any operation may answer, whatever it declares: the security filter's. */
    private static final Map<String, String> EVERYWHERE = Map.of(
            "401", "No valid API key or token (Authorization: Bearer ...)",
            "403", "The key lacks the role this operation needs (see docs/security.md)",
            "429", "The key's request quota is spent (gateway.security.rate-limit); Retry-After says when to retry");

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        ModelConverters.getInstance(true).readAll(ProblemSchema.class).forEach(components::addSchemas);
        // the return type of the SSE endpoints; their answers are described as text/event-stream instead
        if (components.getSchemas() != null) {
            components.getSchemas().remove("SseEmitter");
        }
        openApi.setSecurity(null);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (path.startsWith("/api/")) {
                op.setSecurity(java.util.List.of(new SecurityRequirement().addList(SECURITY_SCHEME)));
            }
            customise(method, op);
        }));
        SchemaExamples examples = new SchemaExamples(components.getSchemas());
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            if (op.getRequestBody() != null) {
                withExamples(op.getRequestBody().getContent(), examples);
            }
            op.getResponses().forEach((code, r) -> {
                if (code.startsWith("2")) {
                    withExamples(r.getContent(), examples);
                }
            });
        }));
    }

    /** Every JSON body gets an example: the schema's own, or one built from its properties' examples. */
    private static void withExamples(Content content, SchemaExamples examples) {
        if (content == null) {
            return;
        }
        content.forEach((type, media) -> {
            if (type.contains("json") && media.getExample() == null && media.getExamples() == null) {
                Object example = examples.of(media.getSchema());
                if (example != null) {
                    media.setExample(example);
                }
            }
        });
    }

    private static void customise(PathItem.HttpMethod method, Operation op) {
        if (op.getParameters() != null) {
            // OpenAPI ignores these header parameters; the media types and the security scheme say it all
            op.getParameters().removeIf(p -> "header".equals(p.getIn())
                    && IGNORED_HEADERS.contains(p.getName().toLowerCase(java.util.Locale.ROOT)));
            // a digits-only example of a string parameter (a module key) is read as a number by the annotation scanner
            op.getParameters().stream().filter(p -> p.getExample() != null && !(p.getExample() instanceof String)
                    && String.valueOf(p.getExample()).matches("\\d+") && p.getSchema() != null
                    && p.getSchema().getTypes() != null && p.getSchema().getTypes().contains("string"))
                    .forEach(p -> p.setExample(String.valueOf(p.getExample())));
            if (op.getParameters().isEmpty()) {
                op.setParameters(null);
            }
        }
        ApiResponses responses = op.getResponses() != null ? op.getResponses() : new ApiResponses();
        op.setResponses(responses);
        boolean body = op.getRequestBody() != null;
        boolean input = body || has(op, "query") || has(op, "path");
        boolean changes = !HttpMethod.GET.name().equals(method.name());
        Map<String, String> added = new LinkedHashMap<>();
        if (input) {
            added.put("400", "Invalid parameter or body; errors names each field and its rule");
        }
        if (has(op, "path")) {
            added.put("404", "No such resource (the path names an unknown id or key)");
        }
        if (body) {
            added.put("413", "Body larger than gateway.api.max-payload (base64-encoded, plus 64 KB of JSON)");
        }
        if (changes) {
            added.put("415", "Content-Type other than the ones this operation takes (a form or text/plain body on "
                    + "a state-changing call included)");
        }
        added.putAll(EVERYWHERE);
        added.forEach((code, description) -> {
            ApiResponse declared = responses.get(code);
            if (declared == null) {
                responses.addApiResponse(code, new ApiResponse().description(description));
            } else if (EVERYWHERE.containsKey(code) && !declared.getDescription().contains(description)) {
                declared.setDescription(declared.getDescription() + "; or: " + description);
            }
        });
        // codes in numeric order, so the document reads (and diffs) the same on every start
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        sorted.forEach((code, r) -> responses.addApiResponse(code, r(code, r)));
    }

    private static ApiResponse r(String code, ApiResponse r) {
        int status = Integer.parseInt(code);
        if (status >= 400) {
            r.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                    .schema(new Schema<>().$ref(PROBLEM_REF)).example(ProblemExamples.of(status))));
        } else if (r.getContent() != null && r.getContent().containsKey("*/*")) {
            // controllers without a produces attribute: their answers are JSON
            Content json = new Content();
            r.getContent().forEach((type, media) -> json.addMediaType("*/*".equals(type)
                    ? org.springframework.http.MediaType.APPLICATION_JSON_VALUE : type, media));
            r.setContent(json);
        }
        if (status == 201 && (r.getHeaders() == null || !r.getHeaders().containsKey("Location"))) {
            r.addHeaderObject("Location", new Header().description("Where the created resource is")
                    .schema(string("uri-reference")));
        }
        return r;
    }

    private static boolean has(Operation op, String in) {
        return op.getParameters() != null && op.getParameters().stream().map(Parameter::getIn).anyMatch(in::equals);
    }

    /** A string schema that serializes in OpenAPI 3.1 ({@code types}) and 3.0 ({@code type}). */
    static Schema<String> string(String format) {
        Schema<String> s = new Schema<>();
        s.setType("string");
        s.addType("string");
        s.setFormat(format);
        return s;
    }
}
