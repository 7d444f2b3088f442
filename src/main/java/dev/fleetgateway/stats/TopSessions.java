package dev.fleetgateway.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * Keeps the {@code n} largest entries by a figure in one pass, in a min-heap of at most {@code n}, so a
 * fleet of tens of thousands of sessions is never sorted whole.
 */
public final class TopSessions {

    private final int n;
    private final Comparator<FleetStats.Entry> order;
    private final PriorityQueue<FleetStats.Entry> heap;

    public TopSessions(int n, ToLongFunction<FleetStats.Entry> figure) {
        this.n = n;
        // Ties go to the lower session id, so equal figures give a stable list.
        this.order = Comparator.comparingLong(figure).thenComparing(FleetStats.Entry::sessionId,
                Comparator.reverseOrder());
        this.heap = new PriorityQueue<>(n + 1, order);
    }

    public void offer(FleetStats.Entry e) {
        heap.add(e);
        if (heap.size() > n) {
            heap.poll();
        }
    }

    /** Largest first. */
    public List<FleetStats.Entry> result() {
        List<FleetStats.Entry> out = new ArrayList<>(heap);
        out.sort(order.reversed());
        return out;
    }
}
