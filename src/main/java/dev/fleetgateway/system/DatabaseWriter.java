package dev.fleetgateway.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bounded path from event loops to the database, shared by session history, registry writes and outbox
 * updates: event-loop code {@link #offer offers} a task and returns at once; one thread runs the tasks in
 * order. A full queue drops the task and counts it, it never blocks an event loop.
 */
@Component
public class DatabaseWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWriter.class);
    private static final int DRAIN = 256;

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private final Counter dropped;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean stopping;

    @Autowired
    DatabaseWriter(DatabaseWriterProperties props, MeterRegistry meters) {
        this(props.queue(), meters);
    }

    public DatabaseWriter(int capacity, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = Counter.builder("fleet.db.writer.dropped")
                .description("Background database writes dropped because the queue was full").register(meters);
        Gauge.builder("fleet.db.writer.queue", queue, BlockingQueue::size)
                .description("Background database writes waiting").register(meters);
        this.thread = new Thread(this::run, "fleet-db-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a task; returns false (and counts a drop) when the queue is full. */
    public boolean offer(Runnable task) {
        if (!tryOffer(task)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /**
     * Queues one item for a sink that writes many at once: items of the same sink (the same instance) that
     * wait next to each other in the queue reach it in one call, up to a few hundred. Each item takes one
     * place in the queue; a full queue drops it and counts it, like {@link #offer(Runnable)}.
     */
    public <T> boolean offer(T item, Consumer<List<T>> sink) {
        return offer(new Item<>(item, sink));
    }

    /**
     * Queues a task if there is room, without counting a drop otherwise: for callers that keep their work
     * and offer it again later.
     */
    public boolean tryOffer(Runnable task) {
        return !stopping && queue.offer(task);
    }

    /** Tasks completed so far. */
    public long completed() {
        return done.get();
    }

    public int pending() {
        return queue.size();
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>(DRAIN);
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
                queue.drainTo(batch, DRAIN - 1);
                runAll(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void runAll(List<Runnable> batch) {
        int i = 0;
        while (i < batch.size()) {
            int end = i + 1;
            if (batch.get(i) instanceof Item<?> item) {
                while (end < batch.size() && batch.get(end) instanceof Item<?> next && next.sink() == item.sink()) {
                    end++;
                }
            }
            if (end - i > 1) {
                runTogether(batch.subList(i, end));
            } else {
                runOne(batch.get(i));
            }
            done.addAndGet(end - i);
            i = end;
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void runTogether(List<Runnable> items) {
        List<Object> values = new ArrayList<>(items.size());
        items.forEach(r -> values.add(((Item<?>) r).value()));
        try {
            ((Consumer) ((Item<?>) items.get(0)).sink()).accept(values);
        } catch (RuntimeException e) {
            // One bad item must not take its neighbours with it: write them one at a time.
            log.debug("Batched background write failed, writing items one by one: {}", e.toString());
            items.forEach(DatabaseWriter::runOne);
        }
    }

    private static void runOne(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Background write failed: {}", e.toString());
        }
    }

    /** Lets queued writes finish (bounded wait) before the database goes away. */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }

    private record Item<T>(T value, Consumer<List<T>> sink) implements Runnable {

        @Override
        public void run() {
            sink.accept(List.of(value));
        }
    }
}
