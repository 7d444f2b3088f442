package dev.fleetgateway.session.codec;

import io.netty.util.AttributeKey;

/**
 * The channel attribute holding the module key a connection proved before any hello (a client certificate
 * during the TLS handshake). The hello step reads it: a proven session needs no hello, and a hello line cannot
 * claim another key.
 */
public final class ProvenKey {

    public static final AttributeKey<String> ATTR = AttributeKey.valueOf("fleet.provenKey");

    private ProvenKey() {
    }
}
