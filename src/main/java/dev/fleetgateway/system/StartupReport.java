package dev.fleetgateway.system;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The opt-in startup report of {@code gateway.startup.report-steps} (issue 18): installs {@link StartupSteps} as
 * the application's startup recorder once the environment is known (before the context exists), and logs what the
 * start cost when the application is ready. Registered in {@code META-INF/spring.factories}, as it must act
 * before any bean exists; when the setting is 0 it reads one property and does nothing else.
 */
public final class StartupReport implements ApplicationListener<SpringApplicationEvent> {

    private static final Logger LOG = LoggerFactory.getLogger("fleet.startup");

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            if (steps(prepared.getEnvironment()) > 0) {
                event.getSpringApplication().setApplicationStartup(new StartupSteps());
            }
        } else if (event instanceof ApplicationReadyEvent ready
                && ready.getApplicationContext().getApplicationStartup() instanceof StartupSteps recorder) {
            report(recorder, steps(ready.getApplicationContext().getEnvironment()));
        }
    }

    private static int steps(Environment environment) {
        return Binder.get(environment).bind("gateway.startup", StartupProperties.class)
                .orElseGet(() -> new StartupProperties(0)).reportSteps();
    }

    private static void report(StartupSteps recorder, int rows) {
        List<StartupSteps.Step> steps = recorder.ended();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long process = processCpuMillis();
        long main = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        long inSteps = steps.stream().filter(StartupSteps.Step::topLevel).mapToLong(StartupSteps.Step::cpuNanos).sum()
                / 1_000_000;
        StringBuilder out = new StringBuilder();
        out.append(String.format("Startup: ready %,d ms after the JVM started; CPU %,d ms in the process: %,d ms on"
                + " this thread (%,d ms in Spring's steps, %,d ms outside them: JVM, Spring Boot before the context,"
                + " logging), %s; %,d steps%s",
                uptime, process, main, inSteps, Math.max(0, main - inSteps), otherThreads(process - main),
                steps.size(), recorder.dropped() > 0 ? " (" + recorder.dropped() + " more not kept)" : ""));
        out.append("\nBy kind of step: own CPU ms / own wall ms / steps");
        byKind(steps).forEach((name, t) -> out.append(String.format("%n  %8.0f %8.0f %6d  %s", t[0] / 1e6,
                t[1] / 1e6, t[2], name)));
        out.append("\nThe ").append(rows).append(" steps with the most CPU of their own: own CPU ms / own wall ms /"
                + " wall ms with nested steps");
        steps.stream().sorted(Comparator.comparingLong(StartupSteps.Step::ownCpuNanos).reversed()).limit(rows)
                .forEach(s -> out.append(String.format("%n  %8.1f %8.1f %8.1f  %s", s.ownCpuNanos() / 1e6,
                        s.ownWallNanos() / 1e6, s.wallNanos() / 1e6, s.label())));
        LOG.info(out.toString());
    }

    // Kind -> {own CPU, own wall, count}, the dearest kind first.
    private static Map<String, long[]> byKind(List<StartupSteps.Step> steps) {
        Map<String, long[]> kinds = new TreeMap<>();
        for (StartupSteps.Step s : steps) {
            long[] t = kinds.computeIfAbsent(s.getName(), k -> new long[3]);
            t[0] += s.ownCpuNanos();
            t[1] += s.ownWallNanos();
            t[2]++;
        }
        Map<String, long[]> sorted = new LinkedHashMap<>();
        kinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    // Where the CPU of the other threads went: on Linux per thread from /proc (JIT compiler threads are not Java
    // threads the MXBeans list), elsewhere the JVM's own compilation and GC counters (elapsed time, not CPU).
    private static String otherThreads(long others) {
        Map<String, Long> kinds = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            long tick = 100; // USER_HZ: 100 on every Linux the JDK runs on
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / tick;
                    kinds.merge(threadKind(name), ms, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // A thread that ended meanwhile.
                }
            });
        } catch (IOException | RuntimeException e) {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long compile = jit != null && jit.isCompilationTimeMonitoringSupported()
                    ? jit.getTotalCompilationTime() : -1;
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
            return String.format("%,d ms on every other thread (JIT compiling %,d ms and GC %,d ms elapsed)",
                    Math.max(0, others), compile, gc);
        }
        kinds.remove("main");
        // What live threads do not account for ran on threads that have ended (e.g. a bootstrap executor's).
        kinds.put("threads that ended", Math.max(0, others - kinds.values().stream().mapToLong(Long::longValue).sum()));
        StringBuilder b = new StringBuilder(String.format("%,d ms on every other thread (", Math.max(0, others)));
        kinds.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> b.append(String.format("%s %,d ms, ", e.getKey(), e.getValue())));
        b.setLength(b.length() - 2);
        return b.append(')').toString();
    }

    private static String threadKind(String name) {
        if (name.equals("main") || name.equals("java")) {
            return "main"; // Linux names the thread that runs main() after the launcher, "java"
        }
        if (name.startsWith("C2 Compiler")) {
            return "C2 JIT";
        }
        if (name.startsWith("C1 Compiler")) {
            return "C1 JIT";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "GC and VM";
        }
        return "others";
    }

    private static long processCpuMillis() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }
}
