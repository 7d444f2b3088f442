package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.session.codec.FramingSpec;
import dev.fleetgateway.system.FleetException;

class SimulatorFleetSpecTests {

    static FleetSpec create(FleetRequest r) {
        return FleetSpecFactory.create(r, "99001", "127.0.0.1", 7700, Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    static List<String> invalidFields(FleetRequest r) {
        try {
            create(r);
        } catch (FleetException p) {
            return ((List<Map<String, Object>>) p.properties().get("errors")).stream()
                    .map(e -> (String) e.get("field")).toList();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void defaultsTargetThisGatewayWithHelloAndCrlfFramingAndNoRealism() {
        FleetSpec spec = create(new FleetRequest(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null));
        assertThat(spec.count()).isEqualTo(1);
        assertThat(spec.host()).isEqualTo("127.0.0.1");
        assertThat(spec.port()).isEqualTo(7700);
        assertThat(spec.keyPrefix()).isEqualTo("99001");
        assertThat(spec.hello()).isTrue();
        assertThat(spec.profiles()).isEmpty();
        assertThat(new UplinkFramer(spec.framing()).frame("x")).containsExactly('x', '\r', '\n');
        assertThat(spec.realism()).isEqualTo(Realism.none());
        assertThat(spec.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        FleetRequest bad = new FleetRequest(null, -1, null, 70000, "12ab", List.of(Profile.SEED, Profile.ECHO),
                new FleetRequest.TelemetryRequest("1s", "2s", "{nope}"), List.of(new FleetRequest.RuleRequest("(", "x")),
                "soon", null, null, new FleetRequest.RealismRequest("x", null, "0s", null, true, null, null, 0.5, 2.0, null),
                null, null, null);
        assertThat(invalidFields(bad)).contains("count", "port", "keyPrefix", "profiles", "telemetry.jitter",
                "telemetry.template", "replies[0].pattern", "seedRecvTimeout", "realism.connectLatency",
                "realism.meanTimeBetweenDrops", "realism.backoffMultiplier", "realism.backoffJitter");
    }

    @Test
    void requestResponseNeedsARule() {
        assertThat(invalidFields(new FleetRequest(null, 1, null, null, null, List.of(Profile.REQUEST_RESPONSE), null,
                null, null, null, null, null, null, null, null))).containsExactly("replies");
    }

    @Test
    void noDefaultPortWhenTheModulePortIsNotListening() {
        FleetRequest r = new FleetRequest(null, 1, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
        assertThatThrownBy(() -> FleetSpecFactory.create(r, "9", "127.0.0.1", -1, Duration.ofSeconds(1)))
                .isInstanceOf(FleetException.class).hasMessageContaining("port");
    }

    @Test
    void keysAreFifteenDigitsWithTheLuhnCheckDigit() {
        assertThat(ImeiKeys.key("490154203", 23751)).as("the textbook IMEI").isEqualTo("490154203237518");
        assertThat(ImeiKeys.key("35", 0)).hasSize(15).startsWith("35000000000000");
        assertThat(ImeiKeys.capacity("1234567890")).isEqualTo(10_000);
    }

    @Test
    void lengthFieldFramingPrefixesTheLength() {
        FramingSpec lf = new FramingSpec(FramingSpec.Mode.LENGTH_FIELD, null, null, null, 2, 0, 0, null, null, null);
        assertThat(new UplinkFramer(lf).frame("abc")).containsExactly(0, 3, 'a', 'b', 'c');
    }

    @Test
    void templatesRejectUnknownFieldsAndFillKnownOnes() {
        assertThatThrownBy(() -> PayloadTemplate.parse("{imei}")).hasMessageContaining("{imei}");
        assertThatThrownBy(() -> PayloadTemplate.parse("{random:5:1}")).hasMessageContaining("empty");
        assertThat(PayloadTemplate.parse("{\"k\":\"{key}\",\"n\":{counter},\"t\":{timestamp},\"r\":{random:3:3}}")
                .render("K", 7, 42)).isEqualTo("{\"k\":\"K\",\"n\":7,\"t\":42,\"r\":3}");
    }

    @Test
    void sourceAddressesAreParsedWithoutALookupAndAssignedRoundRobin() {
        FleetSpec spec = create(new FleetRequest(null, 3, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of(" 127.0.0.2 ", "127.0.0.3")));
        assertThat(spec.sourceAddress(0)).isEqualTo(new InetSocketAddress("127.0.0.2", 0));
        assertThat(spec.sourceAddress(1)).isEqualTo(new InetSocketAddress("127.0.0.3", 0));
        assertThat(spec.sourceAddress(2)).isEqualTo(new InetSocketAddress("127.0.0.2", 0));
        FleetSpec none = create(new FleetRequest(null, 3, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of()));
        assertThat(none.sourceAddress(0)).isNull();
        assertThat(invalidFields(new FleetRequest(null, 1, null, null, null, null, null, null, null, null, null, null,
                null, null, java.util.Arrays.asList("10.0.0.1", null, "gateway.local"))))
                .containsExactly("sourceAddresses[1]", "sourceAddresses[2]");
    }
}
