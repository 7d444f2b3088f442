package dev.fleetgateway.simulator;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the simulator: where virtual modules dial by default, how many may exist, and the demo fleet.
 *
 * @param enabled whether the simulator API and the demo fleet are available
 * @param target default target of new fleets
 * @param maxFleets fleets that may exist at once
 * @param maxModulesPerFleet modules one fleet may have
 * @param maxModulesTotal modules all fleets together may have (two file descriptors each against this JVM's own
 *        gateway; the process may open at most 20,000 files on the reference machines)
 * @param connectTimeout default TCP connect timeout of a virtual module
 * @param registerModules record virtual modules in the module registry as SIMULATED before they dial (batched
 *        with the gateway's registry writes, {@code gateway.registry})
 * @param receiveBuffer downlink bytes buffered per module until {@code recv}; when full, reading stops (TCP back-pressure)
 * @param maxRecvWaiters concurrent {@code recv} calls waiting on one module
 * @param recvMaxWait longest a REST {@code recv} waits (a blocking socket waits this long, then reports errno 110)
 * @param stopTimeout how long stopping a fleet waits for its sockets to close
 * @param demo the fleet the {@code demo} profile starts
 */
@ConfigurationProperties("gateway.simulator")
record SimulatorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Target target,
        @DefaultValue("50") int maxFleets,
        @DefaultValue("10000") int maxModulesPerFleet,
        @DefaultValue("9000") int maxModulesTotal,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("true") boolean registerModules,
        @DefaultValue("64KB") DataSize receiveBuffer,
        @DefaultValue("4") int maxRecvWaiters,
        @DefaultValue("25s") Duration recvMaxWait,
        @DefaultValue("10s") Duration stopTimeout,
        @DefaultValue Demo demo) {

    /**
     * Default target of fleets that name none.
     *
     * @param host host or address to dial
     * @param port port to dial; 0 means this gateway's own module port (its TLS port when dialing TLS)
     * @param tlsBundle SSL bundle to dial with TLS (its truststore checks the server, its keystore, if any, is
     *        the modules' client certificate); unset: plain TCP
     * @param tlsServerName name the server certificate must carry (and sent as SNI); unset: the target host
     */
    record Target(@DefaultValue("127.0.0.1") String host, @DefaultValue("0") int port, String tlsBundle,
            String tlsServerName) {

        boolean tls() {
            return tlsBundle != null && !tlsBundle.isBlank();
        }
    }

    /**
     * The demo fleet.
     *
     * @param enabled start it when the application is ready
     * @param count modules in it
     * @param keyPrefix digits its IMEI-like keys start with
     * @param profiles behaviour profiles
     * @param telemetryInterval time between telemetry messages of one module
     * @param telemetryTemplate payload template
     * @param meanTimeBetweenDrops mean time between random disconnects of one module (0: none)
     * @param rampUp spread of the first connects
     */
    record Demo(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("25") int count,
            @DefaultValue("86900000") String keyPrefix,
            @DefaultValue({"TELEMETRY", "ECHO"}) List<Profile> profiles,
            @DefaultValue("5s") Duration telemetryInterval,
            @DefaultValue("{\"imei\":\"{key}\",\"seq\":{counter},\"ts\":{timestamp},\"rssi\":{random:-110:-60}}")
            String telemetryTemplate,
            @DefaultValue("3m") Duration meanTimeBetweenDrops,
            @DefaultValue("3s") Duration rampUp) {
    }
}
