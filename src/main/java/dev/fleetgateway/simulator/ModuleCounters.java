package dev.fleetgateway.simulator;

/**
 * Per-module figures. Written only on the module's event loop (single writer, so {@code ++} on a volatile is
 * safe); volatile so REST threads read fresh values.
 */
final class ModuleCounters {

    volatile long connects;
    volatile long framesSent;
    volatile long bytesSent;
    volatile long framesReceived;
    volatile long bytesReceived;
    volatile long sendFailures;
    volatile long drops;

    void sent(int bytes) {
        framesSent++;
        bytesSent += bytes;
    }

    void received(int bytes) {
        framesReceived++;
        bytesReceived += bytes;
    }
}
