package dev.fleetgateway.system;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * An {@link ApplicationStartup} that records each startup step's wall time and the CPU time of the thread that ran
 * it, and what of both belongs to the step itself rather than to the steps nested in it (a bean's own
 * construction, without the beans it pulled in). CPU rather than wall time alone because a start shares the
 * machine with its own JIT and GC threads and with neighbours (issue 18). Only installed when
 * {@code gateway.startup.report-steps} asks for it ({@link StartupReport}); Spring's default records nothing.
 */
final class StartupSteps implements ApplicationStartup {

    /** Bounded: a start has some thousands of steps; anything past this is counted, not kept. */
    static final int CAPACITY = 50_000;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    private final ThreadLocal<Deque<Step>> open = ThreadLocal.withInitial(ArrayDeque::new);
    private final ConcurrentLinkedQueue<Step> ended = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    @Override
    public StartupStep start(String name) {
        Deque<Step> stack = open.get();
        Step parent = stack.peek();
        Step step = new Step(this, ids.incrementAndGet(), parent, name, System.nanoTime(), cpuNanos());
        stack.push(step);
        return step;
    }

    /** Every step ended so far, in the order they ended. */
    List<Step> ended() {
        return Collections.unmodifiableList(new ArrayList<>(ended));
    }

    /** Steps not kept because {@link #CAPACITY} was reached. */
    long dropped() {
        return dropped.get();
    }

    private long cpuNanos() {
        return cpu ? threads.getCurrentThreadCpuTime() : 0;
    }

    private void end(Step step) {
        long wall = System.nanoTime() - step.startNanos;
        long used = cpuNanos() - step.startCpu;
        step.wallNanos = wall;
        step.cpuNanos = used;
        Deque<Step> stack = open.get();
        // Steps end in the reverse order they started on one thread; one ended out of order closes those above it.
        for (Iterator<Step> it = stack.iterator(); it.hasNext();) {
            Step s = it.next();
            it.remove();
            if (s == step) {
                break;
            }
        }
        if (step.parent != null) {
            step.parent.childWall += wall;
            step.parent.childCpu += used;
        }
        if (kept.incrementAndGet() <= CAPACITY) {
            ended.add(step);
        } else {
            dropped.incrementAndGet();
        }
    }

    /** One step: its name, the bean it created if any, and its times. */
    static final class Step implements StartupStep {

        private final StartupSteps owner;
        private final long id;
        private final Step parent;
        private final String name;
        private final long startNanos;
        private final long startCpu;
        private String subject;
        private long wallNanos;
        private long cpuNanos;
        private long childWall;
        private long childCpu;

        private Step(StartupSteps owner, long id, Step parent, String name, long startNanos, long startCpu) {
            this.owner = owner;
            this.id = id;
            this.parent = parent;
            this.name = name;
            this.startNanos = startNanos;
            this.startCpu = startCpu;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public Long getParentId() {
            return parent == null ? null : parent.id;
        }

        @Override
        public StartupStep tag(String key, String value) {
            // The one tag a report needs: what the step worked on (a bean's name, a configuration class...).
            if (subject == null && value != null && ("beanName".equals(key) || "classes".equals(key)
                    || "postProcessor".equals(key) || "beanType".equals(key) || "repository".equals(key))) {
                subject = value;
            }
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return tag(key, value.get());
        }

        @Override
        public Tags getTags() {
            return Collections::emptyIterator;
        }

        @Override
        public void end() {
            owner.end(this);
        }

        /** The step's name, with the bean or class it worked on when Spring said. */
        String label() {
            return subject == null ? name : name + " " + subject;
        }

        boolean topLevel() {
            return parent == null;
        }

        long wallNanos() {
            return wallNanos;
        }

        long cpuNanos() {
            return cpuNanos;
        }

        /** Wall time not spent in a nested step. */
        long ownWallNanos() {
            return Math.max(0, wallNanos - childWall);
        }

        /** CPU time of its thread not spent in a nested step. */
        long ownCpuNanos() {
            return Math.max(0, cpuNanos - childCpu);
        }
    }
}
