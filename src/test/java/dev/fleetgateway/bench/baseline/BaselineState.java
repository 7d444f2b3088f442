package dev.fleetgateway.bench.baseline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;

/** What the baseline server counts, shared by its module and HTTP handlers. */
final class BaselineState {

    final LongAdder frames = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder identified = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final AtomicInteger open = new AtomicInteger();
    /** Module key to channel, like the gateway's key index, so sends are addressed the same way. */
    final ConcurrentHashMap<String, Channel> byKey = new ConcurrentHashMap<>();

    String statsJson() {
        return "{\"frames\":" + frames.sum() + ",\"bytes\":" + bytes.sum() + ",\"identified\":" + identified.sum()
                + ",\"open\":" + open.get() + ",\"outOfOrder\":" + outOfOrder.sum() + "}";
    }
}
