package dev.fleetgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The arithmetic of API keys: 256 random bits in base64url behind the {@code fgk_} prefix (so a leaked key is
 * recognisable by secret scanners), kept as SHA-256. Keys are high-entropy, so one SHA-256 is the right cost.
 */
final class KeyTokens {

    static final String PREFIX = "fgk_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(KeyTokens::sha256Instance);

    private KeyTokens() {
    }

    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(String token) {
        return SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
