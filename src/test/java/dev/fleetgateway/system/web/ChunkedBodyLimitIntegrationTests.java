package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A body sent without Content-Length (chunked) is bounded while it is read: a few MB against a small limit end
 * in a 413 problem, not in the whole body being buffered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.api.max-payload=16KB", "gateway.simulator.max-fleets=2",
        "gateway.simulator.max-modules-per-fleet=3", "gateway.simulator.max-modules-total=4",
        "gateway.simulator.recv-max-wait=200ms", "gateway.api.max-wait=200ms",
        "gateway.streams.heartbeat=200ms"})
class ChunkedBodyLimitIntegrationTests {

    // 16KB * 4/3 + 64KB: what RequestSizeFilter accepts with this max-payload
    static final int LIMIT = 16 * 1024 * 4 / 3 + 64 * 1024;

    @LocalServerPort
    int port;

    @Test
    void refusesAChunkedJsonBodyOverTheLimitWithAProblem() throws Exception {
        RawHttp.Response r = postChunked("/api/v1/modules", "application/json",
                "{\"moduleKey\":\"866327040777001\",\"name\":\"", 'x', 4 * 1024 * 1024, true);
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.isProblem()).as(r.toString()).isTrue();
        assertThat(r.json().get("title").asString()).isEqualTo("Payload too large");
    }

    @Test
    void answersA413BeforeAnEndlessChunkedBodyEnds() throws Exception {
        // the body never ends: only a bound applied while reading can produce an answer
        for (String[] endpoint : new String[][] {{"/api/v1/modules", "application/json", "{\"name\":\""},
                {"/api/v1/sessions/00000000-0000-0000-0000-000000000000/send", "application/octet-stream", ""}}) {
            RawHttp.Response head = postChunked(endpoint[0], endpoint[1], endpoint[2], 'x', 2 * LIMIT, false);
            assertThat(head.status()).as(endpoint[0] + " " + head).isEqualTo(413);
            assertThat(head.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void acceptsAChunkedBodyUnderTheLimit() throws Exception {
        String body = "{\"moduleKey\":\"866327040777002\",\"name\":\"chunked\"}";
        RawHttp.Response r = postChunked("/api/v1/modules", "application/json", body, 'x', 0, true);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /**
     * POSTs {@code prefix} followed by {@code fill} repeated {@code fillBytes} times, in 8 KB chunks, from a
     * separate thread (the server answers before it has read everything), and reads the response; without
     * {@code end} the last chunk is never sent, and only the response head is read.
     */
    private RawHttp.Response postChunked(String path, String contentType, String prefix, char fill, int fillBytes,
            boolean end) throws Exception {
        try (Socket s = RawHttp.open(port)) {
            OutputStream out = s.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                            + dev.fleetgateway.support.Http.TEST_BEARER + "\r\nContent-Type: " + contentType
                            + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    chunk(out, prefix.getBytes(StandardCharsets.UTF_8));
                    byte[] block = String.valueOf(fill).repeat(8192).getBytes(StandardCharsets.UTF_8);
                    for (int sent = 0; sent < fillBytes; sent += block.length) {
                        chunk(out, block);
                    }
                    if (end) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading after its answer and closed: expected for the oversized bodies
                }
            }, "chunked-writer");
            writer.setDaemon(true);
            writer.start();
            RawHttp.Response r = end ? RawHttp.read(s.getInputStream(), false)
                    : RawHttp.readHead(s.getInputStream(), false);
            writer.join(10_000);
            return r;
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
}
