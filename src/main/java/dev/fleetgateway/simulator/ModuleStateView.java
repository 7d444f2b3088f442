package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.Errno;
import io.swagger.v3.oas.annotations.media.Schema;

/** One virtual module as the API shows it: state, {@code getsocketsta()} code, last errno, counters. */
@Schema(description = "A virtual module")
public record ModuleStateView(
        @Schema(example = "0") int index,
        @Schema(description = "15-digit IMEI-like key", example = "990010000000007") String key,
        @Schema(example = "CONNECTED") ModuleState state,
        @Schema(description = "usocket.getsocketsta(): 0 CLOSED, 2 SYN_SENT, 4 ESTABLISHED, 7 CLOSE_WAIT, ...; -1 after close",
                example = "4") int socketState,
        @Schema(description = "Driven by hand: its profile is paused until POST .../resume") boolean handDriven,
        @Schema(description = "errno of the last socket error", example = "111") Integer lastErrno,
        @Schema(example = "ECONNREFUSED") String lastErrnoName,
        long connects, long framesSent, long bytesSent, long framesReceived, long bytesReceived, long sendFailures,
        long drops,
        @Schema(description = "Downlink bytes waiting for recv") int bufferedBytes,
        @Schema(description = "settimeout in seconds; null: blocking") Double timeoutSeconds,
        @Schema(description = "Start of the last downlink (up to 256 bytes), base64 like every read") String lastDownlink,
        @Schema(description = "What the SEED script saw") SeedResult seed) {

    static ModuleStateView of(SimulatedModule m) {
        ModuleCounters c = m.counters();
        Errno e = m.lastErrno();
        var timeout = m.recvTimeout();
        return new ModuleStateView(m.index, m.key, m.state(), m.sta(), m.isManual(), e == null ? null : e.code(),
                e == null ? null : e.name(), c.connects, c.framesSent, c.bytesSent, c.framesReceived, c.bytesReceived,
                c.sendFailures, c.drops, m.buffered(), timeout == null ? null : timeout.toNanos() / 1e9,
                m.lastDownlink(), m.profile().seed());
    }
}
