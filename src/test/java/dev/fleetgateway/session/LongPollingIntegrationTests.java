package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

/** A thousand waiting recv calls are parked as futures, not as a thousand threads. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.tomcat.threads.max=50")
class LongPollingIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Test
    void servesAThousandConcurrentLongPollsWithABoundedThreadCount() throws Exception {
        int modules = 5;
        int perModule = 200;
        List<ModuleClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        ExecutorService httpThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(httpThreads).version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int m = 0; m < modules; m++) {
                String key = "poll-" + m;
                clients.add(ModuleClient.hello(server.localPort(), key));
                Await.until("bound", () -> registry.findByModuleKey(key).isPresent());
                ids.add(registry.findByModuleKey(key).orElseThrow().id());
            }
            int threadsBefore = Thread.activeCount();
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (String id : ids) {
                for (int i = 0; i < perModule; i++) {
                    polls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                            + "/api/v1/sessions/" + id + "/recv?max=1&timeout=60s")).timeout(Duration.ofSeconds(90))
                            .header("Authorization", dev.fleetgateway.support.Http.TEST_BEARER).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }
            Await.until("all 1000 waiting", Duration.ofSeconds(60), () -> ids.stream()
                    .mapToInt(id -> registry.find(id).orElseThrow().waitingReaders()).sum() == modules * perModule);
            int threadsWhileWaiting = Thread.activeCount();
            // 1,000 requests are open at once; servlet threads are capped at 50 and none is held by a waiting read.
            assertThat(threadsWhileWaiting - threadsBefore).isLessThan(200);
            assertThat(polls).noneMatch(CompletableFuture::isDone);

            for (ModuleClient c : clients) {
                c.send(new byte[perModule]); // one byte for each waiting reader
            }
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(polls).allSatisfy(p -> {
                assertThat(p.join().statusCode()).isEqualTo(200);
                assertThat(p.join().body()).contains("\"length\":1");
            });
        } finally {
            for (ModuleClient c : clients) {
                c.close();
            }
            httpThreads.shutdownNow();
        }
    }
}
