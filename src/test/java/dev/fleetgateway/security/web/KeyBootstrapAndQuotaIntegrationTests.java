package dev.fleetgateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

/**
 * A gateway started without a configured bootstrap key generates an admin key and prints it once; each key has
 * its own token bucket, and an empty one answers 429 with Retry-After.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.security.bootstrap-key=",
        "logging.level.dev.fleetgateway.security=INFO",
        "gateway.security.rate-limit.requests-per-second=1",
        "gateway.security.rate-limit.burst=5"})
@ExtendWith(OutputCaptureExtension.class)
class KeyBootstrapAndQuotaIntegrationTests {

    private static final Pattern PRINTED = Pattern.compile("GENERATED BOOTSTRAP ADMIN KEY .*: (fgk_\\S+)");

    @LocalServerPort
    int port;

    @Test
    void generatesAndPrintsABootstrapKeyOnceAndLimitsEachKeyToItsQuota(CapturedOutput output) {
        Matcher m = PRINTED.matcher(output.getOut());
        assertThat(m.find()).as("the generated key is printed").isTrue();
        String key = m.group(1);
        assertThat(m.find()).as("printed once").isFalse();

        assertThat(new Http(port).get("/api/v1/stats").status()).as("the test key is not configured here")
                .isEqualTo(401);
        Http admin = new Http(port, key);
        List<Integer> statuses = new ArrayList<>();
        Http.Response limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Http.Response r = admin.get("/api/v1/stats");
            statuses.add(r.status());
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("statuses " + statuses).isNotNull();
        assertThat(statuses.subList(0, 5)).containsOnly(200); // the burst
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("detail").asString()).contains("bootstrap-admin").contains("1 requests/s");
        assertThat(admin.raw(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin.url("/api/v1/stats"))))
                .headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v))
                        .isBetween(1L, 5L));
    }
}
