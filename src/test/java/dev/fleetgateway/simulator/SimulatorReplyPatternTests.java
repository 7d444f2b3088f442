package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Reply rules run on the shared event loops, so a pattern must never stall one: a pattern that backtracks
 * exponentially in java.util.regex matches in linear time, and the other modules on that loop keep working.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorReplyPatternTests {

    @Autowired
    SimulatorService simulator;

    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
        server.close();
    }

    LoopbackServer.Conn connectionOf(SimulatedModule m) {
        return server.connections.stream().filter(c -> c.received.toString().startsWith("IMEI:" + m.key))
                .findFirst().orElseThrow();
    }

    @Test
    void catastrophicLookingPatternDoesNotStallTheModulesSharingItsLoop() {
        int count = 16;
        FleetView fleet = simulator.create(new FleetRequest("evil", count, "127.0.0.1", server.port(), null,
                List.of(Profile.REQUEST_RESPONSE, Profile.ECHO), null,
                List.of(new FleetRequest.RuleRequest("^(a|a)*b", "MATCHED"),
                        new FleetRequest.RuleRequest("^(.*a){12}b", "MATCHED")), null, null, true, null, null, "2s",
                null));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connections.size() == count
                && server.connections.stream().allMatch(c -> c.received.toString().contains("\r\n")));
        SimulatedModule victim = simulator.module(fleet.id(), "0");
        SimulatedModule neighbour = simulator.modules(fleet.id()).stream()
                .filter(m -> m != victim && m.loop == victim.loop).findFirst().orElseThrow();

        // java.util.regex tries ~C(30,12) splits of each line for the second rule, holding the loop for seconds
        // (it memoizes the first rule since Java 9, but not a counted repeat)
        connectionOf(victim).send("a".repeat(30) + "\r\n" + "a".repeat(30) + "\r\n");
        LoopbackServer.Conn other = connectionOf(neighbour);
        other.send("ping\r\n");

        await("the neighbour's echo").atMost(Duration.ofSeconds(10))
                .until(() -> other.received.toString().endsWith("ping\r\n"));
        LoopbackServer.Conn v = connectionOf(victim);
        await().atMost(Duration.ofSeconds(10)).until(() -> v.received.toString().contains("a".repeat(30)));
        v.send("aaab\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> v.received.toString().contains("MATCHED\r\n"));
        assertThat(v.received.toString()).as("the long lines did not match").containsOnlyOnce("MATCHED");
    }

    @Test
    void patternsRe2CannotMatchInLinearTimeAreRefusedNamingTheRule() {
        assertThat(SimulatorFleetSpecTests.invalidFields(rules("AT", "^(a|a)*\\1b"))).containsExactly("replies[1].pattern");
        assertThat(SimulatorFleetSpecTests.invalidFields(rules("(?=AT)"))).containsExactly("replies[0].pattern");
        // nested counted repeats would compile to a program larger than the heap: refused before compiling
        assertThat(SimulatorFleetSpecTests.invalidFields(rules("((a{1000}){1000}){1000}")))
                .containsExactly("replies[0].pattern");
        assertThat(SimulatorFleetSpecTests.invalidFields(rules("x".repeat(ReplyPatterns.MAX_LENGTH + 1))))
                .containsExactly("replies[0].pattern");
        assertThat(SimulatorFleetSpecTests.invalidFields(rules(new String[ReplyPatterns.MAX_RULES + 1])))
                .containsExactly("replies");
        assertThat(SimulatorFleetSpecTests.create(rules("AT\\+CSQ", "^AT$", "[[:digit:]]{3,10}", "\\p{Greek}+",
                "(ab){20}")).rules()).hasSize(5);
    }

    @Test
    void sizeEstimateGrowsWithNestedRepeats() {
        assertThat(ReplyPatterns.estimatedSize("AT\\+CSQ")).isLessThan(20);
        assertThat(ReplyPatterns.estimatedSize("(a{10}){10}")).isGreaterThanOrEqualTo(100);
        assertThat(ReplyPatterns.estimatedSize("[a{}]{2}\\{5}")).isLessThan(20);
        assertThat(ReplyPatterns.estimatedSize("((a{1000}){1000}){1000}")).isGreaterThan(ReplyPatterns.MAX_PROGRAM);
        assertThat(ReplyPatterns.estimatedSize("(".repeat(100) + "a{1000}" + "){1000}".repeat(100)))
                .isEqualTo(Integer.MAX_VALUE);
    }

    static FleetRequest rules(String... patterns) {
        List<FleetRequest.RuleRequest> rules = java.util.Arrays.stream(patterns)
                .map(p -> new FleetRequest.RuleRequest(p == null ? "x" : p, "OK")).toList();
        return new FleetRequest(null, 1, null, null, null, List.of(Profile.REQUEST_RESPONSE), null, rules, null, null,
                null, null, null, null, null);
    }
}
