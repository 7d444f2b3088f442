package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * A recv long-poll whose HTTP client has gone (closed or reset) frees its reader place and never takes data: the
 * next reader gets every byte, and abandoned waits cannot lock real readers out.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DepartedReaderIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    ModuleSession sessionOf(String key) {
        Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
        return registry.findByModuleKey(key).orElseThrow();
    }

    /** Sends a long-poll recv on a socket of its own and returns the socket, without reading the answer. */
    Socket longPoll(String path) throws IOException {
        Socket http = new Socket();
        http.connect(new InetSocketAddress("127.0.0.1", httpPort), 5_000);
        OutputStream out = http.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Authorization: " + dev.fleetgateway.support.Http.TEST_BEARER + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return http;
    }

    static void leave(Socket http, boolean reset) throws IOException {
        if (reset) {
            http.setSoLinger(true, 0);
        }
        http.close();
    }

    /**
     * Waits until the gateway's end of the connection from {@code clientPort} is no longer ESTABLISHED in the
     * kernel (FIN or RST processed), so that data sent next comes after the departure, not at the same instant.
     * Linux only; elsewhere it returns at once.
     */
    void awaitKernelSawDeparture(int clientPort) {
        String local = String.format(":%04X", httpPort);
        String remote = String.format(":%04X", clientPort);
        Await.until("departure reached the gateway's TCP stack", () -> {
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path p = Path.of(table);
                if (!Files.isReadable(p)) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(p)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals("01")) {
                            return false;
                        }
                    }
                } catch (IOException e) {
                    return true;
                }
            }
            return true;
        });
    }

    @Test
    void dataSentRightAfterTheClientLeftGoesToTheNextReader() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "departed-1")) {
            ModuleSession s = sessionOf("departed-1");
            for (int i = 0; i < 20; i++) {
                Socket poll = longPoll("/api/v1/sessions/" + s.id() + "/recv?max=1024&timeout=30s&encoding=text");
                Await.until("recv waiting", () -> s.waitingReaders() == 1);
                int clientPort = poll.getLocalPort();
                leave(poll, i % 2 == 1);
                awaitKernelSawDeparture(clientPort);
                String line = "data-" + i + ";";
                module.send(line); // at once: the gateway's probe (every 200 ms) has mostly not run yet

                Http.Response got = http.get("/api/v1/sessions/" + s.id() + "/recv?max=1024&timeout=5s&encoding=text");
                assertThat(got.status()).as("round %d", i).isEqualTo(200);
                assertThat(got.json().get("data").asString()).as("round %d", i).isEqualTo(line);
                Await.until("no reader left waiting", () -> s.waitingReaders() == 0);
            }
        }
    }

    @Test
    void departedClientFreesItsPlaceBeforeAnyDataComes() throws Exception {
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "departed-2")) {
            ModuleSession s = sessionOf("departed-2");
            for (boolean reset : new boolean[] {false, true}) {
                Socket poll = longPoll("/api/v1/modules/departed-2/recv?max=1024&timeout=60s");
                Await.until("recv waiting", () -> s.waitingReaders() == 1);
                leave(poll, reset);
                Await.until("place freed (reset=" + reset + ")", () -> s.waitingReaders() == 0);
            }
            Socket cursor = longPoll("/api/v1/sessions/" + s.id() + "/messages?after=0&wait=60s");
            Await.until("cursor read waiting", () -> s.waitingReaders() == 1);
            leave(cursor, false);
            Await.until("cursor place freed", () -> s.waitingReaders() == 0);
        }
    }

    @Test
    void threeHundredAbandonedWaitsDoNotLockOutARealReader() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "departed-3")) {
            ModuleSession s = sessionOf("departed-3");
            List<Socket> polls = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    polls.add(longPoll("/api/v1/sessions/" + s.id() + "/recv?max=1024&timeout=60s"));
                }
                Await.until("all places taken", Duration.ofSeconds(20),
                        () -> s.waitingReaders() == ReadWaiters.MAX);
            } finally {
                for (int i = 0; i < polls.size(); i++) {
                    leave(polls.get(i), i % 2 == 0);
                }
            }
            Await.until("abandoned places freed", Duration.ofSeconds(20), () -> s.waitingReaders() == 0);

            module.send("for the real reader");
            Http.Response got = http.get("/api/v1/sessions/" + s.id() + "/recv?max=1024&timeout=5s&encoding=text");
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.json().get("data").asString()).isEqualTo("for the real reader");
        }
    }
}
