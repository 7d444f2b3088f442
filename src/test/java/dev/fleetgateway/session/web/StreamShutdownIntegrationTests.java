package dev.fleetgateway.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;

/**
 * SSE over a raw socket: the status line and headers arrive before any heartbeat or event, and stopping the
 * application ends an open stream instead of holding graceful shutdown to its timeout. The heartbeat is an
 * hour and the shutdown phase timeout a minute, so neither can make these pass by itself.
 */
class StreamShutdownIntegrationTests {

    static ConfigurableApplicationContext start(String db) {
        return SpringApplication.run(FleetGatewayApplication.class, "--server.port=0", "--gateway.modules.port=0",
                "--gateway.modules.shutdown-grace=100ms", "--gateway.streams.heartbeat=1h",
                "--spring.lifecycle.timeout-per-shutdown-phase=60s", "--gateway.simulator.demo.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1");
    }

    /** Opens {@code /api/v1/events} and returns the socket once the response head is read (10 s at most). */
    static Socket openEvents(ConfigurableApplicationContext ctx, StringBuilder head) throws IOException {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000); // no heartbeat within the hour: without an early flush this read times out
        socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: " + dev.fleetgateway.support.Http.TEST_BEARER + "\r\n"
                + "Accept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (!bytes.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
        }
        head.append(bytes.toString(StandardCharsets.ISO_8859_1));
        return socket;
    }

    /** Reads until the server ends the response and closes the connection; true if it did. */
    static boolean readsToEof(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // the rest of the stream: the opening comment, the final chunk
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void statusAndHeadersArriveBeforeAnyHeartbeatOrEvent() throws Exception {
        try (ConfigurableApplicationContext ctx = start("sse-head")) {
            StringBuilder head = new StringBuilder();
            try (Socket socket = openEvents(ctx, head)) {
                assertThat(head.toString()).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
            }
        }
    }

    @Test
    void stoppingTheApplicationEndsAnOpenStream() throws Exception {
        ConfigurableApplicationContext ctx = start("sse-shutdown");
        try {
            StringBuilder head = new StringBuilder();
            try (Socket socket = openEvents(ctx, head)) {
                assertThat(head.toString()).startsWith("HTTP/1.1 200");
                socket.setSoTimeout(30_000);
                CompletableFuture<Void> closing = CompletableFuture.runAsync(ctx::close, r -> new Thread(r).start());
                // without closing the stream the web server waits out the 60 s phase timeout before it lets go
                assertThat(readsToEof(socket)).as("the stream ended while shutdown was under way").isTrue();
                closing.get(30, TimeUnit.SECONDS);
            }
        } finally {
            ctx.close();
        }
    }
}
