package dev.fleetgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bounded path from event loops to the database: event-loop code {@link #offer offers} a task and
 * returns at once; one thread runs the tasks in order. A full queue drops the task and counts it, it never
 * blocks an event loop.
 */
@Component
public class BackgroundWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWriter.class);

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private final Counter dropped;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean stopping;

    BackgroundWriter(SessionProperties props, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(props.historyQueue());
        this.dropped = Counter.builder("fleet.history.writes.dropped")
                .description("Background database writes dropped because the queue was full").register(meters);
        Gauge.builder("fleet.history.queue", queue, BlockingQueue::size)
                .description("Background database writes waiting").register(meters);
        this.thread = new Thread(this::run, "fleet-db-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a task; returns false (and counts a drop) when the queue is full. */
    public boolean offer(Runnable task) {
        if (stopping || !queue.offer(task)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Tasks completed so far. */
    public long completed() {
        return done.get();
    }

    public int pending() {
        return queue.size();
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>(256);
        while (true) {
            try {
                Runnable first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (Runnable r : batch) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.warn("Background write failed: {}", e.toString());
                    }
                    done.incrementAndGet();
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Lets queued writes finish (bounded wait) before the database goes away. */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
