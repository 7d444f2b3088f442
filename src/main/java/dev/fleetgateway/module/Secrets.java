package dev.fleetgateway.module;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of module credentials. A token is 32 random bytes in base64url; the gateway keeps its
 * SHA-256, which is also the HMAC key of the challenge-response (so the gateway never needs the token itself).
 * Tokens are high-entropy, so one SHA-256 is the right cost: a password hash would only slow a connect storm.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    // One instance per thread: getInstance costs a provider lookup, and these are not thread-safe.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> instance("SHA-256"));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(Secrets::hmacInstance);

    private Secrets() {
    }

    /** A new token: 256 random bits, base64url without padding (43 characters). */
    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A challenge for a hello: 128 random bits as 32 lowercase hex digits. */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    /** SHA-256 of the token's ASCII bytes. */
    static byte[] sha256(String token) {
        return SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(String token) {
        return HEX.formatHex(sha256(token));
    }

    /** HMAC-SHA256 keyed with the token's SHA-256 over the nonce as sent (its hex text in ASCII). */
    static byte[] hmac(byte[] key, String nonce) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hex digits to bytes, or null when they are not an even number of hex digits. */
    static byte[] fromHex(String hex) {
        if (hex == null || (hex.length() & 1) != 0) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String toHex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** Compares in time independent of where the arrays differ. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mac hmacInstance() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
