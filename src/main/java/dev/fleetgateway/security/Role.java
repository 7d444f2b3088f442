package dev.fleetgateway.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a caller of the REST API may do; a key or a token carries a set of these, none implies another. */
public enum Role {
    /** Sessions, modules, messages by cursor, stats, streams. */
    READ,
    /** Sends, receives that consume, acks, the outbox. */
    SEND,
    /** Dialling out, closing sessions, registry changes. */
    OPERATE,
    /** The simulator. */
    SIMULATE,
    /** API keys and module credentials. */
    ADMIN;

    /** The Spring Security authority of the role ({@code ROLE_READ}). */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role's name as written in requests, settings and tokens ({@code read}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a name stands for, in any case, or empty. */
    public static Optional<Role> parse(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name.trim())).findFirst();
    }
}
