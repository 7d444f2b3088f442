package dev.fleetgateway.usocket;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where outbound dials (REST sessions) and virtual modules may connect, judged on the resolved address.
 *
 * @param allow addresses and networks, optionally with ports ({@code 10.0.0.0/8}, {@code 127.0.0.1:7700},
 *        {@code [fd00::1]:502-503}), that may be dialled although they are loopback, link-local, private or
 *        special; an entry opens one of this gateway's own ports only when it names that port
 * @param allowPublic whether public addresses may be dialled without an allow entry (false: only the allow-list)
 */
@ConfigurationProperties("gateway.outbound")
record OutboundProperties(List<String> allow, @DefaultValue("true") boolean allowPublic) {

    public OutboundProperties {
        allow = allow == null ? List.of() : List.copyOf(allow);
    }

    /** The parsed entries, blank ones skipped (an empty variable clears the list); an invalid one fails startup. */
    List<AllowEntry> entries() {
        return allow.stream().filter(s -> s != null && !s.isBlank()).map(AllowEntry::parse).toList();
    }
}
