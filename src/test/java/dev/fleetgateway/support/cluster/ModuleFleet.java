package dev.fleetgateway.support.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.fleetgateway.support.Await;

/** A bounded set of {@link BalancedModule}s dialling one cluster's load balancer, closed together. */
public final class ModuleFleet implements AutoCloseable {

    private final List<BalancedModule> modules;

    private ModuleFleet(List<BalancedModule> modules) {
        this.modules = modules;
    }

    /** Starts {@code count} modules with keys {@code <prefix>-0 .. <prefix>-(count-1)}. */
    public static ModuleFleet start(ClusterHarness cluster, String prefix, int count) {
        if (count > 1000) {
            throw new IllegalArgumentException("a thread per module: at most 1000, not " + count);
        }
        List<BalancedModule> modules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            modules.add(new BalancedModule(prefix + "-" + i, cluster.balancerAddress(), cluster.balancerPort()));
        }
        return new ModuleFleet(List.copyOf(modules));
    }

    public List<BalancedModule> modules() {
        return modules;
    }

    public BalancedModule module(int index) {
        return modules.get(index);
    }

    public List<String> keys() {
        return modules.stream().map(BalancedModule::key).toList();
    }

    /** Waits until every module has a connection up. */
    public void awaitConnected(Duration timeout) {
        Await.until("all " + modules.size() + " modules connected", timeout,
                () -> modules.stream().allMatch(BalancedModule::connected));
    }

    @Override
    public void close() {
        modules.forEach(BalancedModule::close);
    }
}
