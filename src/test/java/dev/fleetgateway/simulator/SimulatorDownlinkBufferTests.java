package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Futures;

class SimulatorDownlinkBufferTests {

    @Test
    void oneRecvTooManyIsATooManyReceiversFailure() {
        // no waiter may wait: the first blocking recv on an empty buffer is over the bound (no timer, no loop needed)
        DownlinkBuffer buffer = new DownlinkBuffer(null, 1024, 0);
        CompletableFuture<byte[]> recv = buffer.take(10, -1);
        assertThat(recv).isCompletedExceptionally();
        FleetException e = (FleetException) Futures.unwrap(
                catchThrowableOfType(CompletionException.class, recv::join));
        assertThat(e.kind()).isEqualTo(FleetException.Kind.TOO_MANY);
        assertThat(e.type()).isEqualTo("too-many-receivers");
        assertThat(e.title()).isEqualTo("Too many waiting receivers");
        assertThat(e.detail()).isEqualTo("at most 0 recv calls may wait on one module");
    }
}
