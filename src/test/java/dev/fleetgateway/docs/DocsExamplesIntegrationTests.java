package dev.fleetgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * The docs hold what they promise: every relative link and anchor resolves, every API call in an example carries
 * the key, every settings table says the code's defaults, and the examples run as written against a real gateway
 * (through bash, curl and jq, with localhost:8080 swapped for the test's port) without a 401, a 404 or a 5xx.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=docs-examples")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsExamplesIntegrationTests {

    /** The files a reader meets. */
    static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("ARCHITECTURE.md"),
                Path.of("BENCHMARKS.md"), Path.of("helm/fleet-gateway/README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static final String ONLINE = "866327040123456";
    private static final String OFFLINE = "866327040123457";

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer modules;

    @TempDir
    Path dir;

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : docs()) {
            Markdown md = Markdown.read(file);
            for (Markdown.Link link : md.links) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto:: not ours to check offline
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(
                        java.net.URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                String where = file + ":" + link.line() + " " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && !anchor.isEmpty()) {
                    if (!resolved.toString().endsWith(".md")) {
                        broken.add(where + " (anchor into a file that is not Markdown)");
                    } else if (!Markdown.read(resolved).anchors().contains(anchor)) {
                        broken.add(where + " (no heading with that anchor; there are "
                                + Markdown.read(resolved).anchors() + ")");
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyCurlExampleToTheApiSendsTheKey() throws IOException {
        List<String> keyless = new ArrayList<>();
        int checked = 0;
        for (Path file : docs()) {
            for (Markdown.Block block : Markdown.read(file).blocks) {
                for (String command : DocsCommands.apiCurls(block.text())) {
                    checked++;
                    if (!command.matches("(?s).*Authorization: Bearer \\$KEY.*")) {
                        keyless.add(file + ":" + block.line() + " " + command);
                    }
                }
            }
        }
        assertThat(checked).as("curl examples found").isGreaterThan(40);
        assertThat(keyless).as("API calls without Authorization: Bearer $KEY").isEmpty();
    }

    @Test
    void everySettingsTableSaysTheDefaultsOfTheCode() throws IOException {
        SettingsTables.Result result = SettingsTables.check(docs());
        assertThat(result.checked()).as("settings rows checked").isGreaterThan(60);
        assertThat(result.mismatches()).as("settings rows whose default is not the code's").isEmpty();
    }

    @Test
    @Order(1)
    void theReadmeSeedStoryRunsVerbatim() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        String story = Markdown.read(Path.of("README.md")).block("The seed story in a dozen lines", "bash", 0).text();
        try (ModuleClient module = new ModuleClient(modules.localPort())) {
            module.send("1234567890\r\n");
            awaitOpenSessionWithBytes(12);

            DocsShell.Run run = run(story, Map.of());
            assertThat(run.out()).as(run.transcript()).contains("\"data\":\"1234567890\\r\\n\"", "\"sent\":10");
            assertThat(new String(module.recvExactly(10), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
            assertThat(module.closedByServer(5_000)).as("the module sees the close").isTrue();
            assertThat(run.requests()).extracting(DocsShell.Request::status).containsExactly(200, 200, 200, 204);
        }
    }

    @Test
    @Order(2)
    void theRestGuidesSessionExampleRuns() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        String block = Markdown.read(Path.of("docs/rest.md")).block("Sessions: the usocket verbs over REST", "bash", 0)
                .text();
        try (ModuleClient module = new ModuleClient(modules.localPort())) {
            module.send("1234567890\r\n");
            awaitOpenSessionWithBytes(12);
            DocsShell.Run run = run(block, Map.of());
            assertThat(new String(module.recvExactly(10), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
            assertThat(module.closedByServer(5_000)).isTrue();
            assertThat(run.out()).as(run.transcript()).contains("\"data\":\"1234567890\\r\\n\"");
        }
    }

    @Test
    @Order(3)
    void theOutboxExamplesRun() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        Markdown rest = Markdown.read(Path.of("docs/rest.md"));
        Http http = new Http(httpPort);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"" + OFFLINE + "\",\"labels\":{\"site\":\"berlin\"}}")
                .status()).isIn(201, 409);
        Files.write(dir.resolve("firmware-chunk.bin"), new byte[] {1, 2, 3, 4});
        try (ModuleClient module = ModuleClient.hello(modules.localPort(), ONLINE)) {
            Await.until("online", () -> http.get("/api/v1/sessions?state=OPEN&moduleKey=" + ONLINE).json()
                    .get("content").size() == 1 && http.get("/api/v1/modules/" + ONLINE).status() == 200);
            DocsShell.Run online = run(rest.block("Sending to modules and the offline outbox", "bash", 0).text(),
                    Map.of());
            assertThat(new String(module.recvExactly(10), StandardCharsets.US_ASCII)).isEqualTo("AT+QPING\r\n");
            assertThat(online.requests()).as(online.transcript()).extracting(DocsShell.Request::status)
                    .containsOnly(200);

            DocsShell.Run offline = run(rest.block("Sending to modules and the offline outbox", "bash", 1).text(),
                    Map.of());
            assertThat(offline.requests()).as(offline.transcript()).extracting(DocsShell.Request::status)
                    .containsExactly(202, 200, 200, 204, 200, 200);
        }
    }

    @Test
    @Order(4)
    void theSimulatorFleetExampleRuns() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        String block = Markdown.read(Path.of("docs/simulator.md")).block("Simulated modules", "bash", 0).text();
        DocsShell.Run run = run(block, Map.of());
        assertThat(run.requests()).as(run.transcript()).extracting(DocsShell.Request::status)
                .containsExactly(201, 200, 200, 200, 200, 204);
    }

    @Test
    @Order(5)
    void theHandDrivenModuleExampleRunsAgainstAServerOfOurOwn() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        String block = Markdown.read(Path.of("docs/simulator.md")).block("Driving one module by hand, like the seed",
                "bash", 0).text();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the seed's server: reads the module's 12 bytes, answers 10
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(60_000);
                    InputStream in = s.getInputStream();
                    String got = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    OutputStream out = s.getOutputStream();
                    out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // until the module closes
                    return got;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DocsShell.Run run = run(block, Map.of("34187", Integer.toString(server.getLocalPort())));
            assertThat(heard.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("1234567890\r\n");
            assertThat(run.out()).as(run.transcript()).contains("\"data\":\"0123456789\"");
            assertThat(run.requests()).extracting(DocsShell.Request::status).containsOnly(200, 201);
        }
    }

    @Test
    @Order(6)
    void theKeyAndRegistryAndStatsExamplesRun() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        Http http = new Http(httpPort);
        http.delete("/api/v1/modules/" + ONLINE); // the registry example registers it afresh
        String keys = Markdown.read(Path.of("docs/security.md")).block("Security", "bash", 0).text();
        String registry = Markdown.read(Path.of("docs/modules.md")).block("The module registry", "bash", 0).text();
        String stats = Markdown.read(Path.of("docs/operations.md")).block("Fleet statistics: `GET /api/v1/stats`",
                "bash", 0).text();
        for (String block : List.of(keys, registry, stats)) {
            DocsShell.Run run = run(block, Map.of());
            assertThat(run.requests()).as(run.transcript()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isBetween(200, 299));
        }
    }

    @Test
    @Order(7)
    void theModuleCredentialExampleRuns() throws Exception {
        assumeTrue(DocsShell.available(), "curl, jq or bash missing: run .ci/setup.d/40-cli-tools.sh");
        Http http = new Http(httpPort);
        http.post("/api/v1/modules", "{\"moduleKey\":\"" + ONLINE + "\"}");
        String block = Markdown.read(Path.of("docs/modules.md")).block("Module credentials", "bash", 0).text();
        DocsShell.Run run = run(block, Map.of());
        assertThat(run.requests()).as(run.transcript()).hasSize(4)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isBetween(200, 299));
    }

    private DocsShell.Run run(String block, Map<String, String> more) throws IOException, InterruptedException {
        Map<String, String> swaps = new java.util.LinkedHashMap<>(more);
        swaps.put("localhost:8080", "127.0.0.1:" + httpPort);
        DocsShell.Run run = DocsShell.run(block, swaps, Http.TEST_KEY, dir);
        assertThat(run.requests()).as(run.transcript()).allSatisfy(r -> assertThat(r.status()).as(r.toString())
                .isNotIn(0, 401, 404).isLessThan(500));
        return run;
    }

    private void awaitOpenSessionWithBytes(int bytes) {
        Http http = new Http(httpPort);
        Await.until("the module's session is listed", () -> http.get("/api/v1/sessions?state=OPEN").json()
                .get("content").valueStream().anyMatch(s -> s.get("stats").get("bytesIn").asInt() == bytes));
    }
}
