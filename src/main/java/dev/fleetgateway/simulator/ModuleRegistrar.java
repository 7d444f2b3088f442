package dev.fleetgateway.simulator;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Records virtual modules in the module registry as SIMULATED. {@code registerSeen} is a JPA transaction, so it
 * runs on a small bounded pool, never on an event loop; a module dials only after its record exists, so the
 * gateway finds it as SIMULATED when it says hello.
 */
@Component
class ModuleRegistrar implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModuleRegistrar.class);

    private final ModuleService modules;
    private final boolean enabled;
    private final ThreadPoolExecutor pool;
    private final LongAdder failures = new LongAdder();

    ModuleRegistrar(ModuleService modules, SimulatorProperties props) {
        this.modules = modules;
        this.enabled = props.registerModules();
        this.pool = new ThreadPoolExecutor(props.registryThreads(), props.registryThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.registryQueue()), new DefaultThreadFactory("sim-registry", true));
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Completes (never exceptionally) once the key is registered, or at once when registering is off or full. */
    CompletableFuture<Void> register(String key) {
        if (!enabled) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    modules.registerSeen(key, ModuleKind.SIMULATED);
                } catch (RuntimeException e) {
                    failures.increment();
                    log.debug("Could not register simulated module {}", key, e);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException full) {
            // bounded on purpose: the module still dials, it just is not pre-registered
            failures.increment();
            done.complete(null);
        }
        return done;
    }

    long failures() {
        return failures.sum();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
