package dev.fleetgateway.session.web;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;


import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

/** Server-Sent Event streams over real HTTP, including a client that stops reading. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.streams.subscriber-queue=8")
class StreamsIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    EventStreams streams;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Reads an SSE response line by line on its own thread, collecting "name data" strings. */
    final class SseReader implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        /** The stream's opening comment arrived: the server has registered this subscriber. */
        volatile boolean opened;
        final java.util.concurrent.CompletableFuture<Void> done;
        final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

        SseReader(String path) {
            java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + httpPort + path)).header("Accept", "text/event-stream")
                    .header("Authorization", dev.fleetgateway.support.Http.TEST_BEARER).build();
            done = client.sendAsync(req, java.net.http.HttpResponse.BodyHandlers.ofLines()).thenAccept(resp -> {
                String[] name = {null};
                resp.body().forEach(line -> {
                    if (line.startsWith(":open")) {
                        opened = true;
                    } else if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("data:") && name[0] != null) {
                        events.add(name[0] + " " + line.substring(5));
                        name[0] = null;
                    }
                });
            });
        }

        boolean has(String prefix) {
            return events.stream().anyMatch(e -> e.startsWith(prefix));
        }

        @Override
        public void close() {
            done.cancel(true);
        }
    }

    @Test
    void sessionStreamCarriesFramesThenTheCloseEvent() throws Exception {
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "streamed")) {
            Await.until("bound", () -> registry.findByModuleKey("streamed").isPresent());
            String id = registry.findByModuleKey("streamed").orElseThrow().id();
            try (SseReader sse = new SseReader("/api/v1/sessions/" + id + "/stream?after=0")) {
                Await.until("subscribed", () -> streams.subscriberCount() >= 1);
                module.send("hello");
                Await.until("frame event", () -> sse.has("frame"));
                assertThat(sse.events.get(0)).contains("\"seq\":1").contains("\"data\":\"aGVsbG8=\"");
                module.close();
                Await.until("closed event", () -> sse.has("closed"));
                assertThat(sse.events.stream().filter(e -> e.startsWith("closed")).findFirst().orElseThrow())
                        .contains("CLIENT_CLOSED");
                sse.done.get(5, java.util.concurrent.TimeUnit.SECONDS); // the stream ended
            }
        }
        // frames were not consumed by the stream: the buffer still holds them
    }

    @Test
    void fleetStreamFiltersLifecycleEvents() throws Exception {
        try (SseReader all = new SseReader("/api/v1/events");
                SseReader onlyMine = new SseReader("/api/v1/events?moduleKey=watched&type=identified,closed")) {
            // a count of subscribers could still include a stream of an earlier test that is being dropped
            Await.until("subscribed", () -> all.opened && onlyMine.opened);
            try (ModuleClient other = ModuleClient.hello(server.localPort(), "unwatched");
                    ModuleClient mine = ModuleClient.hello(server.localPort(), "watched")) {
                Await.until("identified", () -> onlyMine.has("identified"));
            }
            Await.until("closed", () -> onlyMine.has("closed"));
            Await.until("all saw both", () -> all.events.stream().filter(e -> e.startsWith("identified")).count() >= 2);
            assertThat(all.has("opened")).isTrue();
            assertThat(onlyMine.events).allMatch(e -> e.contains("\"moduleKey\":\"watched\""));
            assertThat(onlyMine.has("opened")).isFalse();
        }
    }

    @Test
    void dropsASubscriberThatStopsReading() throws Exception {
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "firehose")) {
            Await.until("bound", () -> registry.findByModuleKey("firehose").isPresent());
            ModuleSession s = registry.findByModuleKey("firehose").orElseThrow();
            double dropsBefore = meters.get("fleet.streams.dropped").counter().count();
            int subscribersBefore = streams.subscriberCount();
            // A client that sends the request and never reads the response (small receive window).
            try (Socket deaf = new Socket()) {
                deaf.setReceiveBufferSize(4096);
                deaf.connect(new java.net.InetSocketAddress("127.0.0.1", httpPort), 5000);
                deaf.getOutputStream().write(("GET /api/v1/sessions/" + s.id() + "/stream HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + dev.fleetgateway.support.Http.TEST_BEARER + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Await.until("subscribed", () -> streams.subscriberCount() > subscribersBefore);
                byte[] chunk = new byte[32 * 1024];
                java.util.function.DoubleSupplier drops = () -> meters.get("fleet.streams.dropped")
                        .counter().count();
                long feedUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(50);
                Thread feeder = new Thread(() -> {
                    try {
                        // Bounded in time and volume; stops as soon as the subscriber is dropped.
                        for (int i = 0; i < 20_000 && drops.getAsDouble() == dropsBefore && System.nanoTime() < feedUntil; i++) {
                            module.send(chunk);
                            s.ack(Long.MAX_VALUE); // keep the module's own buffer from pausing it
                        }
                    } catch (Exception e) {
                        // module closed
                    }
                });
                feeder.start();
                Await.until("slow subscriber dropped", Duration.ofSeconds(60), () -> drops.getAsDouble() > dropsBefore);
                feeder.join(10_000);
                Await.until("subscriber released", () -> streams.subscriberCount() == subscribersBefore);
            }
            assertThat(s.isOpen()).as("the module is unaffected").isTrue();
        }
    }
}
