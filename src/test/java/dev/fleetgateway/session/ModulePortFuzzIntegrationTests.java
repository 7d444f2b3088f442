package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The module-port fuzzer against CR LF framing: garbage, oversize frames, partial and overlong hellos, resets
 * mid-frame, slow writers and half-closes leave no session, buffer or descriptor behind.
 */
@SpringBootTest(properties = {
        "gateway.modules.framing.mode=DELIMITER",
        "gateway.modules.framing.max-frame-size=2KB",
        "gateway.modules.receive-buffer=16KB",
        "gateway.modules.closed-retention=50ms",
        "gateway.modules.read-idle=5m"})
class ModulePortFuzzIntegrationTests {

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Test
    void hostileDelimitedTrafficLeavesNothingBehind() throws Exception {
        ModulePortFuzzer.Report report = ModulePortFuzzSupport.fuzzAndCheckBaseline(server, registry, meters,
                ModulePortFuzzer.CRLF, 2048, 0x13F00DL, 1_500);
        assertThat(report.byAttack()).hasSize(ModulePortFuzzer.Attack.values().length);
    }
}
