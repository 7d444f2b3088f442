package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The module-port fuzzer against 2-byte length-field framing: random length headers, frames announced past the
 * limit, partial hellos, resets mid-frame and slow writers leave no session, buffer or descriptor behind.
 */
@SpringBootTest(properties = {
        "gateway.modules.framing.mode=LENGTH_FIELD",
        "gateway.modules.framing.length-field-length=2",
        "gateway.modules.framing.max-frame-size=2KB",
        "gateway.modules.receive-buffer=16KB",
        "gateway.modules.closed-retention=50ms",
        "gateway.modules.read-idle=5m"})
class LengthFieldPortFuzzIntegrationTests {

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Test
    void hostileLengthFieldTrafficLeavesNothingBehind() throws Exception {
        ModulePortFuzzer.Report report = ModulePortFuzzSupport.fuzzAndCheckBaseline(server, registry, meters,
                ModulePortFuzzer.LENGTH2, 2048, 0x13BEEFL, 1_500);
        assertThat(report.byAttack()).hasSize(ModulePortFuzzer.Attack.values().length);
    }
}
