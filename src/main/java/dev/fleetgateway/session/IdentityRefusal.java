package dev.fleetgateway.session;

/** Why a module's claim to a key (or to stay anonymous) was refused; the tag of {@code fleet.sessions.identity.refused}. */
public enum IdentityRefusal {
    /** Hello required and none came in time. */
    HELLO_TIMEOUT,
    /** Hello required and the first line was not one. */
    HELLO_INVALID,
    /** The key is bound to an open session and the duplicate policy is REJECT. */
    DUPLICATE_KEY,
    /** The module has a credential and the hello proved none. */
    CREDENTIAL_MISSING,
    /** The hello's token or HMAC matched no credential of the module. */
    CREDENTIAL_WRONG,
    /** The hello's token was revoked. */
    CREDENTIAL_REVOKED,
    /** {@code gateway.registry.require-credential} and the module has no credential. */
    CREDENTIAL_REQUIRED,
    /** The key is not in the registry and {@code gateway.registry.unknown-modules} is REJECT. */
    UNKNOWN_MODULE,
    /** No hello, and {@code unknown-modules} REJECT refuses strangers. */
    ANONYMOUS,
    /** The hello names another key than the session's proven identity (its TLS client certificate). */
    KEY_MISMATCH;

    /** The meter tag. */
    String tag() {
        return name().toLowerCase();
    }
}
