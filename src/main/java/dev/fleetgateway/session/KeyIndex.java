package dev.fleetgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session table's index by module key: the key's current session (open or connecting; the one a send by key
 * reaches) and every session of the key still in the table, closed ones included (a listing by key visits only
 * those). One map entry per key: a key with one session that is also its current one (nearly every held module)
 * maps to the session itself, with no list or holder object (issue 18: the two maps it replaces cost two entries
 * and a list per module). Every change is one atomic {@code compute} on the key.
 */
final class KeyIndex {

    /** A key's current session (null once it closed) and all its sessions in the table, oldest first. */
    private record Entry(ModuleSession current, List<ModuleSession> all) {
    }

    /** Values are a {@link ModuleSession} (current and only session) or an {@link Entry}. */
    private final ConcurrentHashMap<String, Object> byKey = new ConcurrentHashMap<>();

    /** The key's current session, or null. */
    ModuleSession current(String key) {
        return currentOf(byKey.get(key));
    }

    /** Every session of the key in the table, oldest first (empty when none). */
    List<ModuleSession> all(String key) {
        return allOf(byKey.get(key));
    }

    /**
     * Makes {@code s} the key's current session unless another one still holds it (not closed nor closing);
     * returns false, changing nothing, when one does.
     */
    boolean claimIfFree(String key, ModuleSession s) {
        boolean[] free = {true};
        byKey.compute(key, (k, v) -> {
            ModuleSession prev = currentOf(v);
            if (prev != null && prev != s && !prev.isClosed() && prev.state() != SessionState.CLOSING) {
                free[0] = false;
                return v;
            }
            return pack(s, with(allOf(v), s));
        });
        return free[0];
    }

    /** Makes {@code s} the key's current session; returns the one it replaced (may be {@code s} or null). */
    ModuleSession claim(String key, ModuleSession s) {
        ModuleSession[] prev = new ModuleSession[1];
        byKey.compute(key, (k, v) -> {
            prev[0] = currentOf(v);
            return pack(s, with(allOf(v), s));
        });
        return prev[0];
    }

    /** {@code s} ended: it stops being the key's current session, and stays listed until {@link #forget}. */
    void release(String key, ModuleSession s) {
        byKey.computeIfPresent(key, (k, v) -> currentOf(v) == s ? pack(null, allOf(v)) : v);
    }

    /** {@code s} left the table: the key no longer lists it. */
    void forget(String key, ModuleSession s) {
        byKey.computeIfPresent(key, (k, v) -> {
            ModuleSession cur = currentOf(v);
            return pack(cur == s ? null : cur, without(allOf(v), s));
        });
    }

    /** Keys in the index (a key stays while any of its sessions is in the table). */
    int size() {
        return byKey.size();
    }

    private static ModuleSession currentOf(Object v) {
        return v instanceof ModuleSession s ? s : v == null ? null : ((Entry) v).current;
    }

    private static List<ModuleSession> allOf(Object v) {
        return v instanceof ModuleSession s ? List.of(s) : v == null ? List.of() : ((Entry) v).all;
    }

    // The smallest value for the pair: nothing, the session alone, or an entry.
    private static Object pack(ModuleSession current, List<ModuleSession> all) {
        if (all.isEmpty() && current == null) {
            return null;
        }
        if (current != null && all.size() == 1 && all.get(0) == current) {
            return current;
        }
        return new Entry(current, all);
    }

    private static List<ModuleSession> with(List<ModuleSession> sessions, ModuleSession s) {
        if (sessions.contains(s)) {
            return sessions;
        }
        List<ModuleSession> more = new ArrayList<>(sessions.size() + 1);
        more.addAll(sessions);
        more.add(s);
        return List.copyOf(more);
    }

    private static List<ModuleSession> without(List<ModuleSession> sessions, ModuleSession s) {
        if (!sessions.contains(s)) {
            return sessions;
        }
        List<ModuleSession> fewer = new ArrayList<>(sessions);
        fewer.remove(s);
        return List.copyOf(fewer);
    }
}
