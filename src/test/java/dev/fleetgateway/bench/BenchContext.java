package dev.fleetgateway.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fleetgateway.bench.proc.BaselineProcess;
import dev.fleetgateway.bench.proc.GatewayProcess;

/**
 * What the scenarios share: the run's size, the startup times of every server they launched and, in the
 * smoke run, the gateways themselves (one per setting, closed by {@link #close}).
 */
public final class BenchContext implements AutoCloseable {

    private final BenchConfig config;
    private final List<Long> gatewayStartups = new ArrayList<>();
    private final List<Long> baselineStartups = new ArrayList<>();
    private final Map<Map<String, String>, GatewayProcess> shared = new HashMap<>();
    private int launches;

    public BenchContext(BenchConfig config) {
        this.config = config;
    }

    public BenchConfig config() {
        return config;
    }

    public BaselineProcess baseline() throws Exception {
        return baseline(false);
    }

    /** A fresh baseline that, with {@code countOnly}, frames and counts and checks nothing more. */
    public BaselineProcess baseline(boolean countOnly) throws Exception {
        BaselineProcess b = BaselineProcess.start(config.serverHeap(), config.logDir(), "baseline-" + ++launches,
                countOnly);
        baselineStartups.add(b.startupMillis());
        return b;
    }

    /** A fresh gateway with these extra settings (on top of line framing; an H2 file store of its own). */
    public GatewayProcess gateway(Map<String, String> settings) throws Exception {
        if (config.gatewayJar() == null) {
            GatewayProcess g = shared.get(settings);
            if (g == null) {
                g = GatewayProcess.startInProcess(settings);
                gatewayStartups.add(g.startupMillis());
                shared.put(settings, g);
            }
            return g.shared();
        }
        GatewayProcess g = GatewayProcess.start(config.gatewayJar(), config.serverHeap(), settings,
                config.logDir(), "gateway-" + ++launches);
        gatewayStartups.add(g.startupMillis());
        return g;
    }

    @Override
    public void close() {
        shared.values().forEach(GatewayProcess::close);
        shared.clear();
    }

    public List<Long> gatewayStartups() {
        return gatewayStartups;
    }

    public List<Long> baselineStartups() {
        return baselineStartups;
    }
}
