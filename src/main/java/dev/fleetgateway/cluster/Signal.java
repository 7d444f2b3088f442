package dev.fleetgateway.cluster;

import java.time.Instant;
import java.util.Arrays;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.Direction;

/**
 * One notification on the cluster's channel: a kind letter and fields separated by '|' (module keys, session
 * ids and replica ids never contain it). Every replica, the sender included, gets every signal in commit order.
 * <ul>
 * <li>{@code P|key|session|replica|direction|at}: a session identified and its presence row was written</li>
 * <li>{@code R|key|session|replica}: a presence row was deleted (the session closed)</li>
 * <li>{@code E|replica|type|session|key|direction|reason|errno|at}: a lifecycle event (opened, closed)</li>
 * <li>{@code W|key|replica}: a message was queued for a module not held by that replica</li>
 * <li>{@code J|replica} joined (or came back), {@code G|replica} gone (left, or its lease ran out)</li>
 * <li>{@code C|key|replica}: that replica changed the module's credentials; {@code K|key|replica}: it added or
 * deleted the key in the registry (the {@code unknown-modules} table); key {@code *}: many keys, reload all</li>
 * </ul>
 */
record Signal(char kind, String[] fields) {

    static String presence(String key, String session, String replica, Direction direction, Instant at) {
        return join('P', key, session, replica, direction == null ? "" : direction.name(),
                Long.toString(at.toEpochMilli()));
    }

    static String removed(String key, String session, String replica) {
        return join('R', key, session, replica);
    }

    static String event(String replica, String type, String session, String key, Direction direction,
            CloseReason reason, Integer errno, Instant at) {
        return join('E', replica, type, session, nz(key), direction == null ? "" : direction.name(),
                reason == null ? "" : reason.name(), errno == null ? "" : errno.toString(),
                Long.toString(at.toEpochMilli()));
    }

    static String queued(String key, String replica) {
        return join('W', key, replica);
    }

    /** A key no module has ({@code *} is not in the key alphabet): the change touched many keys. */
    static final String ALL_KEYS = "*";

    static String credentials(String key, String replica) {
        return join('C', key, replica);
    }

    static String knownModules(String key, String replica) {
        return join('K', key, replica);
    }

    static String joined(String replica) {
        return join('J', replica);
    }

    static String gone(String replica) {
        return join('G', replica);
    }

    /** Parses a payload; null when it is not one of ours (another version, or garbage). */
    static Signal parse(String payload) {
        if (payload == null || payload.length() < 2 || payload.charAt(1) != '|') {
            return null;
        }
        return new Signal(payload.charAt(0), payload.substring(2).split("\\|", -1));
    }

    String field(int i) {
        return i < fields.length ? fields[i] : "";
    }

    /** A field, null when empty. */
    String optional(int i) {
        String f = field(i);
        return f.isEmpty() ? null : f;
    }

    Instant instant(int i) {
        String f = field(i);
        return f.isEmpty() ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(f));
    }

    <E extends Enum<E>> E enumField(int i, Class<E> type) {
        String f = field(i);
        try {
            return f.isEmpty() ? null : Enum.valueOf(type, f);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String join(char kind, String... fields) {
        return kind + "|" + String.join("|", fields);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signal s && s.kind == kind && Arrays.equals(s.fields, fields);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(fields);
    }
}
