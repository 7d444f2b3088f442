package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Executables;
import dev.fleetgateway.support.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API contract: the document the gateway serves is the committed {@code docs/openapi.json}, and Redocly
 * CLI's {@code recommended} ruleset finds no error in it. Rewrite the committed copy after an API change with
 * {@code -Dopenapi.update=true}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIntegrationTests {

    static final Path COMMITTED = Path.of("docs", "openapi.json");
    static final Path SERVED = Path.of("target", "openapi", "openapi.json");
    /** Where .ci/setup.d/60-redocly.sh installs the pinned CLI; else one on the PATH. */
    static final Path LOCAL_REDOCLY = Path.of(".ci", "tools", "redocly", "node_modules", ".bin", "redocly");

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @LocalServerPort
    int port;

    String served;

    @BeforeAll
    void fetchTheServedDocument() throws IOException {
        Http.Response r = new Http(port).get("/v3/api-docs");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // Pretty and newline-terminated, as committed: a diff of the two files reads line by line.
        served = JSON.writeValueAsString(r.json()) + "\n";
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, served);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served);
        }
    }

    @Test
    void committedContractIsWhatTheGatewayServes() throws IOException {
        assertThat(COMMITTED).as("docs/openapi.json is committed").exists();
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
        assertThat(committed).as("docs/openapi.json is out of date: the gateway now serves " + SERVED
                + "; copy it over (or run this test with -Dopenapi.update=true) and commit it")
                .isEqualTo(JSON.readTree(served));
    }

    @Test
    void everyOperationHasAStableIdItsRealSuccessCodesAndProblemErrors() {
        JsonNode doc = JSON.readTree(served);
        assertThat(doc.get("paths").has("/error")).as("the error controller is no operation").isFalse();
        List<String> ids = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            String op = m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode operation = m.getValue();
            String id = operation.path("operationId").asString("");
            ids.add(id);
            assertThat(id).as(op + " operationId").matches("[a-z][A-Za-z]+");
            assertThat(operation.path("security").toString()).as(op + " security").contains("bearerAuth");
            List<String> codes = new ArrayList<>();
            operation.get("responses").properties().forEach(r -> {
                codes.add(r.getKey());
                JsonNode content = r.getValue().path("content");
                if (r.getKey().compareTo("400") >= 0) {
                    assertThat(content.path("application/problem+json").path("schema").path("$ref").asString(""))
                            .as(op + " " + r.getKey() + " is a problem").isEqualTo("#/components/schemas/Problem");
                    assertThat(content.path("application/problem+json").has("example")).as(op + " " + r.getKey()
                            + " example").isTrue();
                } else {
                    content.properties().forEach(media -> assertThat(untyped(media.getValue().path("schema")))
                            .as(op + " " + r.getKey() + " " + media.getKey() + " has a typed schema").isFalse());
                }
            });
            assertThat(codes).as(op + " answers").contains("401", "403", "429");
            boolean example = operation.toString().contains("\"example\"");
            assertThat(example).as(op + " has an example").isTrue();
        }));
        assertThat(ids).as("operation ids are unique").doesNotHaveDuplicates();
        assertThat(ids).as("the operations of the seed story").contains("listSessions", "recvFromSession",
                "sendToSession", "closeSession", "sendToModule", "getOutboxMessage");

        JsonNode paths = doc.get("paths");
        assertThat(paths.at("/~1api~1v1~1modules/post/responses/201/headers/Location").isMissingNode()).isFalse();
        assertThat(paths.at("/~1api~1v1~1modules/post/responses").has("200")).isFalse();
        assertThat(paths.at("/~1api~1v1~1modules~1{idOrKey}~1send/post/responses").has("202")).isTrue();
        assertThat(paths.at("/~1api~1v1~1sessions~1{id}~1send/post/responses").has("202")).isTrue();
        assertThat(paths.at("/~1api~1v1~1sessions~1{id}~1send/post/requestBody/content/application~1octet-stream"
                + "/schema/format").asString()).isEqualTo("binary");
        assertThat(paths.at("/~1api~1v1~1sessions~1{id}~1recv/get/responses/200/content").has("application/octet-stream"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1events/get/responses/200/content").has("text/event-stream")).isTrue();
        for (String delete : List.of("/~1api~1v1~1sessions~1{id}", "/~1api~1v1~1modules~1{idOrKey}",
                "/~1api~1v1~1outbox~1{messageId}", "/~1api~1v1~1modules~1{idOrKey}~1session",
                "/~1api~1v1~1simulator~1fleets~1{id}")) {
            assertThat(paths.at(delete + "/delete/responses").has("204")).as(delete).isTrue();
        }
    }

    /** A schema that says nothing: {@code {}} or {@code {"type":"object"}} without properties. */
    private static boolean untyped(JsonNode schema) {
        return schema.isMissingNode() || schema.isEmpty()
                || ("object".equals(schema.path("type").asString("")) && !schema.has("properties")
                        && !schema.has("additionalProperties"));
    }

    @Test
    void redoclyLintFindsNoError() throws Exception {
        Optional<Path> redocly = Files.isExecutable(LOCAL_REDOCLY) ? Optional.of(LOCAL_REDOCLY)
                : Executables.onPath("redocly");
        assumeTrue(redocly.isPresent(), "Redocly CLI is not installed: run .ci/setup.d/60-redocly.sh "
                + "(CI does, so there this test always runs)");
        Path report = SERVED.resolveSibling("redocly-lint.json");
        Path log = SERVED.resolveSibling("redocly-lint.log");
        ProcessBuilder lint = new ProcessBuilder(redocly.get().toString(), "lint", SERVED.toString(),
                "--config", "redocly.yaml", "--format", "json")
                .redirectOutput(report.toFile()).redirectError(log.toFile());
        // no usage telemetry and no update check from a build
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process p = lint.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("redocly lint finished").isTrue();
        String json = Files.readString(report, StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(json.substring(Math.max(0, json.indexOf('{'))));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (JsonNode problem : result.get("problems")) {
            String line = problem.get("ruleId").asString() + ": " + problem.get("message").asString() + " at "
                    + problem.get("location").get(0).get("pointer").asString();
            ("error".equals(problem.get("severity").asString()) ? errors : warnings).add(line);
        }
        System.out.println("redocly lint: exit " + p.exitValue() + ", " + errors.size() + " errors, "
                + warnings.size() + " warnings" + (warnings.isEmpty() ? "" : "\n  " + String.join("\n  ", warnings)));
        assertThat(errors).as("redocly lint errors (report in " + report + ")").isEmpty();
        assertThat(p.exitValue()).as("redocly lint exit code; log in " + log).isZero();
    }
}
