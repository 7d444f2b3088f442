package dev.fleetgateway.usocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.fleetgateway.usocket.OutboundRefusedException.Rule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.NetUtil;

/** The outbound policy judges addresses only: nothing here opens a socket. */
class OutboundPolicyTests {

    static final int HTTP_PORT = 18080;
    static final int MODULE_PORT = 17700;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    OutboundPolicy policy(boolean allowPublic, String... allow) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        OwnPorts own = () -> List.of(HTTP_PORT, MODULE_PORT);
        beans.addBean("ownPorts", own);
        return new OutboundPolicy(new OutboundProperties(List.of(allow), allowPublic), new LocalAddresses(),
                beans.getBeanProvider(OwnPorts.class), meters);
    }

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(ip), port);
    }

    // an IPv6 address kept as such even when it carries an IPv4 one (InetAddress.getByAddress would unwrap it)
    static InetSocketAddress at6(String ip, int port) throws Exception {
        return new InetSocketAddress(Inet6Address.getByAddress(null, NetUtil.createByteArrayFromIpAddressString(ip), -1),
                port);
    }

    @Test
    void refusesLoopbackLinkLocalPrivateAndSpecialAddressesByDefault() {
        OutboundPolicy p = policy(true);
        assertThat(p.refusal(at("127.0.0.1", 80))).isEqualTo(Rule.LOOPBACK);
        assertThat(p.refusal(at("127.10.0.1", 80))).isEqualTo(Rule.LOOPBACK);
        assertThat(p.refusal(at("::1", 80))).isEqualTo(Rule.LOOPBACK);
        assertThat(p.refusal(at("169.254.169.254", 80))).isEqualTo(Rule.LINK_LOCAL);
        assertThat(p.refusal(at("fe80::1", 80))).isEqualTo(Rule.LINK_LOCAL);
        for (String ip : List.of("10.0.0.5", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1",
                "100.127.255.1", "fc00::1", "fd12:3456::1", "fec0::1")) {
            assertThat(p.refusal(at(ip, 80))).as(ip).isEqualTo(Rule.PRIVATE);
        }
        for (String ip : List.of("0.0.0.0", "0.1.2.3", "::", "224.0.0.1", "239.1.1.1", "255.255.255.255",
                "240.0.0.1", "ff02::1")) {
            assertThat(p.refusal(at(ip, 80))).as(ip).isEqualTo(Rule.SPECIAL);
        }
    }

    @Test
    void judgesIpv4AddressesCarriedInsideIpv6ByTheIpv4Address() throws Exception {
        OutboundPolicy p = policy(true);
        assertThat(p.refusal(at6("::ffff:10.0.0.5", 80))).isEqualTo(Rule.PRIVATE);
        assertThat(p.refusal(at6("::ffff:127.0.0.1", 80))).isEqualTo(Rule.LOOPBACK);
        assertThat(p.refusal(at6("::169.254.169.254", 80))).isEqualTo(Rule.LINK_LOCAL);
        assertThat(p.refusal(at6("64:ff9b::a9fe:a9fe", 80))).isEqualTo(Rule.LINK_LOCAL);
        assertThat(p.refusal(at6("2002:c0a8:0101::1", 80))).isEqualTo(Rule.PRIVATE);
        assertThat(p.refusal(at6("::ffff:127.0.0.1", HTTP_PORT))).isEqualTo(Rule.OWN_PORT);
    }

    @Test
    void letsPublicAddressesThroughUnlessAllowPublicIsOff() {
        assertThat(policy(true).refusal(at("93.184.216.34", 443))).isNull();
        assertThat(policy(true).refusal(at("2606:2800:220:1::1", 443))).isNull();
        assertThat(policy(true).refusal(at("172.32.0.1", 443))).as("just outside 172.16/12").isNull();
        assertThat(policy(false).refusal(at("93.184.216.34", 443))).isEqualTo(Rule.NOT_ALLOWED);
        OutboundPolicy listed = policy(false, "93.184.216.0/24:443");
        assertThat(listed.refusal(at("93.184.216.34", 443))).isNull();
        assertThat(listed.refusal(at("93.184.216.34", 80))).isEqualTo(Rule.NOT_ALLOWED);
    }

    @Test
    void allowEntriesOpenAddressesNetworksAndPorts() {
        OutboundPolicy p = policy(true, "10.0.0.0/8", "192.168.1.7:502-503", "[fd00::1]:7000", "169.254.169.254");
        assertThat(p.refusal(at("10.200.3.4", 1))).isNull();
        assertThat(p.refusal(at("192.168.1.7", 502))).isNull();
        assertThat(p.refusal(at("192.168.1.7", 504))).isEqualTo(Rule.PRIVATE);
        assertThat(p.refusal(at("192.168.1.8", 502))).isEqualTo(Rule.PRIVATE);
        assertThat(p.refusal(at("fd00::1", 7000))).isNull();
        assertThat(p.refusal(at("fd00::2", 7000))).isEqualTo(Rule.PRIVATE);
        assertThat(p.refusal(at("169.254.169.254", 80))).isNull();
        assertThat(p.refusal(at("172.16.0.1", 80))).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void ownPortsOnLocalAddressesNeedAnEntryNamingThePort() {
        OutboundPolicy loopbackAllowed = policy(true, "127.0.0.0/8", "::1");
        assertThat(loopbackAllowed.refusal(at("127.0.0.1", 9999))).isNull();
        assertThat(loopbackAllowed.refusal(at("127.0.0.1", HTTP_PORT))).isEqualTo(Rule.OWN_PORT);
        assertThat(loopbackAllowed.refusal(at("127.0.0.2", MODULE_PORT))).isEqualTo(Rule.OWN_PORT);
        assertThat(loopbackAllowed.refusal(at("::1", HTTP_PORT))).isEqualTo(Rule.OWN_PORT);
        assertThat(loopbackAllowed.refusal(at("0.0.0.0", HTTP_PORT))).isEqualTo(Rule.OWN_PORT);
        assertThat(policy(true, "127.0.0.1:" + MODULE_PORT).refusal(at("127.0.0.1", MODULE_PORT))).isNull();
        assertThat(policy(true, "127.0.0.1:" + MODULE_PORT).refusal(at("127.0.0.1", HTTP_PORT)))
                .isEqualTo(Rule.OWN_PORT);
    }

    @Test
    void ownPortsOnThisHostsInterfaceAddressesAreRefused() throws Exception {
        OutboundPolicy p = policy(true, "0.0.0.0/0", "::/0");
        for (InetAddress a : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(ni -> java.util.Collections.list(ni.getInetAddresses()).stream()).toList()) {
            InetAddress plain = InetAddress.getByAddress(a.getAddress());
            assertThat(p.refusal(new InetSocketAddress(plain, HTTP_PORT))).as(plain.toString()).isEqualTo(Rule.OWN_PORT);
            assertThat(p.refusal(new InetSocketAddress(plain, 9999))).as(plain.toString()).isNull();
        }
    }

    @Test
    void blankEntriesAreSkippedSoAnEmptyVariableClearsTheList() {
        assertThat(policy(true, "", " ").refusal(at("127.0.0.1", 80))).isEqualTo(Rule.LOOPBACK);
    }

    @Test
    void refusalNamesTheResolvedAddressAndRuleAndIsCounted() {
        OutboundPolicy p = policy(true);
        assertThatThrownBy(() -> p.check("evil.example", at("169.254.169.254", 80), OutboundPolicy.Caller.DIAL))
                .isInstanceOfSatisfying(OutboundRefusedException.class, e -> {
                    assertThat(e.rule()).isEqualTo(Rule.LINK_LOCAL);
                    assertThat(e.type()).isEqualTo("outbound-refused");
                    assertThat(e.kind()).isEqualTo(dev.fleetgateway.system.FleetException.Kind.FORBIDDEN);
                    assertThat(e.detail()).contains("evil.example resolved to 169.254.169.254 port 80")
                            .contains("link-local");
                    assertThat(e.properties()).containsEntry("rule", "link-local")
                            .containsEntry("address", "169.254.169.254").containsEntry("port", 80);
                });
        assertThat(meters.get("fleet.outbound.refused").tag("rule", "link-local").tag("caller", "dial").counter()
                .count()).isEqualTo(1.0);
        assertThat(meters.get("fleet.outbound.refused").tag("rule", "private").tag("caller", "simulator").counter()
                .count()).as("every series exists from the start").isZero();
        p.check("example.org", at("93.184.216.34", 80), OutboundPolicy.Caller.DIAL);
    }

    @Test
    void invalidAllowEntriesFailStartupNamingTheEntry() {
        for (String bad : List.of("example.org", "10.0.0.0/33", "10.0.0.1:0", "10.0.0.1:70000", "10.0.0.1:9-3",
                "[fd00::1", "fd00::/129")) {
            assertThatThrownBy(() -> policy(true, bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gateway.outbound.allow entry '" + bad + "'");
        }
    }
}
