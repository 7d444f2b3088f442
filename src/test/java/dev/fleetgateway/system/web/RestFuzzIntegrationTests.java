package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.system.web.ApiOperations.Op;
import dev.fleetgateway.system.web.FuzzRequests.Request;
import tools.jackson.databind.JsonNode;

/**
 * The REST fuzzer: reads the service's own OpenAPI document, and sends a fixed-seed sequence of mutated requests
 * (at least 5,000, spread over every operation) over real HTTP. No answer may be a 5xx, and every error must be
 * a problem detail ({@code application/problem+json} with type, title and status). Waits are bounded by the
 * settings below, streams are closed after their headers, and the simulator may only start a few modules. The
 * outbound policy is the default one, so the dials it makes up (loopback literals only) are refused, not made.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.api.max-payload=16KB", "gateway.simulator.max-fleets=2",
        "gateway.simulator.max-modules-per-fleet=3", "gateway.simulator.max-modules-total=4",
        "gateway.simulator.recv-max-wait=200ms", "gateway.api.max-wait=200ms",
        "gateway.streams.heartbeat=200ms",
        // the default outbound policy: every dial the fuzzer makes up is refused before it connects anywhere
        "gateway.outbound.allow="})
class RestFuzzIntegrationTests {

    static final long SEED = 13;
    static final int PER_OPERATION = 150;
    static final int MIN_REQUESTS = 5_000;
    static final int THREADS = 8;

    @LocalServerPort
    int port;

    @Autowired
    ModuleServer moduleServer;

    @Test
    void answersEveryMutatedRequestWithoutServerErrorsAndEveryErrorAsAProblem() throws Exception {
        Http http = new Http(port);
        JsonNode doc = Http.parse(http.get("/v3/api-docs").body());
        List<Op> ops = ApiOperations.read(doc);
        assertThat(ops).as("operations in the OpenAPI document").hasSizeGreaterThan(20);

        try (ModuleClient module = ModuleClient.hello(moduleServer.localPort(), "866327040999001")) {
            List<String> knownIds = knownIds(http);
            Random random = new Random(SEED);
            FuzzRequests fuzz = new FuzzRequests(random, new BodyFuzz(doc, random), knownIds,
                    16 * 1024 * 4 / 3 + 64 * 1024);
            List<Request> requests = new ArrayList<>();
            int rounds = Math.max(PER_OPERATION, MIN_REQUESTS / ops.size() + 1);
            for (int i = 0; i < rounds; i++) {
                for (Op op : ops) {
                    requests.add(fuzz.next(op));
                }
            }
            Collections.shuffle(requests, random);

            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> slowest = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Request r : requests) {
                    done.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        String failure = check(r, statuses);
                        slowest.merge(r.op(), (System.nanoTime() - t0) / 1_000_000, Math::max);
                        if (failure != null) {
                            failures.add(failure);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;

            System.out.printf("REST fuzz: seed %d, %d operations, %d requests in %d ms; statuses %s; %d failures%n",
                    SEED, ops.size(), requests.size(), millis, new TreeMap<>(statuses), failures.size());
            slowest.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .forEach(e -> System.out.println("  slowest answer of " + e.getKey() + ": " + e.getValue() + " ms"));
            failures.stream().limit(30).forEach(f -> System.out.println("  " + f));
            assertThat(requests).hasSizeGreaterThanOrEqualTo(MIN_REQUESTS);
            assertThat(failures).as("5xx answers and errors that are not problem details").isEmpty();
        }
    }

    /** Sends one request and returns what is wrong with the answer, or null. */
    private String check(Request r, Map<Integer, AtomicInteger> statuses) {
        try (Socket s = RawHttp.open(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            try {
                out.write(r.head());
                if (r.body() != null) {
                    out.write(r.body());
                }
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before taking the whole request (an oversized head or body):
                // its answer is still there to read
            }
            RawHttp.Response resp = RawHttp.readHead(in, r.method().equals("HEAD"));
            statuses.computeIfAbsent(resp.status(), k -> new AtomicInteger()).incrementAndGet();
            if (resp.status() >= 500) {
                return "5xx: " + RawHttp.readBody(in, resp) + " <- " + r;
            }
            if (resp.status() >= 400 && !r.method().equals("HEAD")) {
                RawHttp.Response full = RawHttp.readBody(in, resp);
                if (!full.isProblem()) {
                    return "not a problem: " + full + " <- " + r;
                }
            }
            return null;
        } catch (SocketTimeoutException e) {
            return "no answer within the socket timeout <- " + r;
        } catch (IOException e) {
            return "connection failed: " + e + " <- " + r;
        }
    }

    /** Ids that exist, so that some requests get past the lookups: a registered module and a live session. */
    private static List<String> knownIds(Http http) {
        List<String> ids = new ArrayList<>();
        Http.Response created = http.post("/api/v1/modules", "{\"moduleKey\":\"866327040999002\",\"name\":\"fuzz\"}");
        ids.add(created.json().get("id").asString());
        ids.add("866327040999002");
        ids.add("866327040999001");
        Await.until("the fuzz module's session is identified",
                () -> http.get("/api/v1/sessions?moduleKey=866327040999001").json().get("content").size() == 1);
        ids.add(http.get("/api/v1/sessions?moduleKey=866327040999001").json().get("content").get(0).get("id")
                .asString());
        return ids;
    }
}
