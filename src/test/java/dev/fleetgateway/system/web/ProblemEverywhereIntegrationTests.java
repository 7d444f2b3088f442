package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error the service answers is a problem detail with a 4xx for what the client got wrong: malformed
 * query strings, out-of-range paging, a direct call to /error, the errors Tomcat answers itself, and errors for
 * clients whose Accept header excludes JSON. Sent over a raw socket, byte for byte.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.api.max-payload=16KB", "gateway.simulator.max-fleets=2",
        "gateway.simulator.max-modules-per-fleet=3", "gateway.simulator.max-modules-total=4",
        "gateway.simulator.recv-max-wait=200ms", "gateway.api.max-wait=200ms",
        "gateway.streams.heartbeat=200ms"})
class ProblemEverywhereIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void answersMalformedQueryStringsWithBadRequest() throws Exception {
        assertProblem(get("/api/v1/modules?=1"), 400);
        assertProblem(get("/api/v1/modules?a=%zz"), 400);
        assertProblem(get("/api/v1/sessions?page=1&%zz=2"), 400);
    }

    @Test
    void answersOutOfRangePagingAndSortingWithBadRequest() throws Exception {
        assertProblem(get("/api/v1/modules?page=2147483647"), 400);
        assertThat(get("/api/v1/modules?page=2147483647&size=1").status()).as("offset fits an int").isEqualTo(200);
        assertProblem(get("/api/v1/modules?sort=,"), 400);
        assertProblem(get("/api/v1/modules?sort=name,"), 400);
    }

    @Test
    void answersADirectCallToTheErrorPathWithBadRequest() throws Exception {
        assertProblem(get("/error"), 400);
        assertProblem(RawHttp.exchange(port, "POST /error HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n"), 400);
    }

    @Test
    void answersErrorsTomcatRaisesItselfAsProblems() throws Exception {
        assertProblem(get("/api/v1/modules/a%2Fb"), 400);
        assertProblem(get("/api/v1/modules/a{b"), 400);
        assertProblem(get("/api/v1/modules/%"), 400);
        assertProblem(RawHttp.exchange(port, "GET /api/v1/modules HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), 400);
        assertProblem(RawHttp.exchange(port, "TRACE /api/v1/modules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                405);
        assertProblem(RawHttp.exchange(port, "FOO /api/v1/modules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                405);
        assertProblem(RawHttp.exchange(port, "GET /api/v1/modules HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n"
                + "Connection: close\r\n\r\n"), 400);
    }

    @Test
    void writesProblemsWhateverTheAcceptHeaderSays() throws Exception {
        for (String accept : new String[] {"text/html", "image/png", "application/xml", "text/event-stream"}) {
            assertProblem(get("/nope", accept), 404);
            assertProblem(get("/api/v1/modules/does-not-exist", accept), 404, 406);
            assertProblem(RawHttp.exchange(port, "PUT /api/v1/modules HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 405);
            assertProblem(RawHttp.exchange(port, "POST /api/v1/modules HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"), 415);
            assertProblem(get("/api/v1/sessions/nope/stream", accept), 404, 406);
            assertProblem(get("/api/v1/sessions/nope/recv", accept), 404, 406);
        }
    }

    private RawHttp.Response get(String target) throws Exception {
        return get(target, "*/*");
    }

    private RawHttp.Response get(String target, String accept) throws Exception {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                + "\r\nConnection: close\r\n\r\n");
    }

    private static void assertProblem(RawHttp.Response r, int... statuses) {
        assertThat(r.status()).as(r.toString()).isIn(java.util.Arrays.stream(statuses).boxed().toList());
        assertThat(r.isProblem()).as(r.toString()).isTrue();
    }
}
