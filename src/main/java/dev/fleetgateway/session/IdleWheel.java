package dev.fleetgateway.session;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A hashed timer wheel of entries that expire when their deadline passes, for one thread (an event loop): one
 * periodic tick serves every entry instead of a scheduled task per entry (about 240 B per session, issue 18).
 * Deadlines move freely without touching the wheel: an entry is filed under the tick of the deadline it had when
 * filed, and when that tick comes the wheel asks for its deadline again and expires it, files it anew, or forgets
 * it. An entry is thus visited about once per deadline period, and one {@link #advance} visits at most
 * {@code maxPerTick} entries (the rest wait for the next call), so a tick's work is bounded whatever the count.
 *
 * @param <T> the entry type
 */
final class IdleWheel<T> {

    /** What a {@link Deadline} answers for an entry the wheel should forget. */
    static final long FORGET = Long.MIN_VALUE;

    /** An entry's deadline now. */
    interface Deadline<T> {
        /** Epoch milliseconds when {@code entry} expires, given the time {@code now}; or {@link #FORGET}. */
        long at(T entry, long now);
    }

    private final long tickMillis;
    private final int mask;
    private final ArrayDeque<T>[] slots;
    private final Deadline<T> deadline;
    private final Consumer<T> expired;
    private final int maxPerTick;
    /** The tick the wheel processes next. */
    private long next;
    /** Entries of {@code next}'s slot still to visit in this pass; -1 before the pass starts. */
    private int pending = -1;
    private int size;

    /**
     * @param tickMillis the wheel's resolution: an entry expires up to two ticks after its deadline
     * @param span how far ahead (milliseconds) one revolution of the wheel reaches; longer deadlines are visited
     *        once per revolution until they are near
     * @param deadline an entry's deadline (epoch milliseconds) given the current time, or {@link #FORGET}
     * @param expired told of each entry whose deadline passed (it leaves the wheel)
     * @param maxPerTick entries visited per {@link #advance} at most
     * @param now the current time (epoch milliseconds)
     */
    @SuppressWarnings("unchecked")
    IdleWheel(long tickMillis, long span, Deadline<T> deadline, Consumer<T> expired, int maxPerTick,
            long now) {
        if (tickMillis <= 0 || maxPerTick <= 0) {
            throw new IllegalArgumentException("tick and max per tick must be positive");
        }
        this.tickMillis = tickMillis;
        int n = Integer.highestOneBit((int) Math.max(2, Math.min(1 << 16, span / tickMillis + 2)) - 1) << 1;
        this.mask = n - 1;
        this.slots = new ArrayDeque[n];
        this.deadline = deadline;
        this.expired = expired;
        this.maxPerTick = maxPerTick;
        this.next = now / tickMillis;
    }

    /** Files an entry under its deadline (epoch milliseconds). */
    void add(T entry, long deadlineMillis) {
        file(entry, deadlineMillis);
        size++;
    }

    /** Entries in the wheel (some may be forgotten only when their tick comes). */
    int size() {
        return size;
    }

    long tickMillis() {
        return tickMillis;
    }

    /** Processes the ticks up to {@code now}, visiting at most {@code maxPerTick} entries; returns how many it visited. */
    int advance(long now) {
        long nowTick = now / tickMillis;
        int visited = 0;
        while (next <= nowTick && visited < maxPerTick) {
            ArrayDeque<T> slot = slots[(int) (next & mask)];
            if (pending < 0) {
                pending = slot == null ? 0 : slot.size();
            }
            while (pending > 0 && visited < maxPerTick) {
                pending--;
                visited++;
                visit(slot.poll(), now);
            }
            if (pending == 0) {
                pending = -1;
                next++;
            }
        }
        return visited;
    }

    private void visit(T entry, long now) {
        long d = deadline.at(entry, now);
        if (d == FORGET) {
            size--;
        } else if (d <= now) {
            size--;
            expired.accept(entry);
        } else {
            file(entry, d);
        }
    }

    // Under the first tick at or after the deadline, never the one being processed (its pass is counted).
    private void file(T entry, long deadlineMillis) {
        long tick = Math.max(Math.floorDiv(deadlineMillis + tickMillis - 1, tickMillis), next + 1);
        int i = (int) (tick & mask);
        ArrayDeque<T> slot = slots[i];
        if (slot == null) {
            slot = new ArrayDeque<>();
            slots[i] = slot;
        }
        slot.add(entry);
    }
}
