package dev.fleetgateway.usocket;


import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import io.netty.channel.ConnectTimeoutException;

/** Java and Netty socket failures as the errno a usocket program would see. */
class ErrnoTests {

    @Test
    void connectFailuresKeepTheirOwnErrnoThoughNettyReportsThemAllAsConnectException() {
        // The messages of Netty's native transport (Errors.NativeConnectException extends ConnectException).
        assertThat(Errno.of(new ConnectException("connect(..) failed: Connection refused"))).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.of(new ConnectException("connect(..) failed: Cannot assign requested address")))
                .isEqualTo(Errno.EADDRNOTAVAIL);
        assertThat(Errno.of(new BindException("bind(..) failed: Address already in use"))).isEqualTo(Errno.EADDRINUSE);
        assertThat(Errno.of(new ConnectException("connect(..) failed: No route to host"))).isEqualTo(Errno.EHOSTUNREACH);
        assertThat(Errno.of(new NoRouteToHostException("No route to host"))).isEqualTo(Errno.EHOSTUNREACH);
        assertThat(Errno.of(new ConnectTimeoutException("connection timed out"))).isEqualTo(Errno.ETIMEDOUT);
        assertThat(Errno.of(new UnknownHostException("nowhere.invalid"))).isEqualTo(Errno.EAI_FAIL);
        assertThat(Errno.of(new IOException("Connection reset by peer"))).isEqualTo(Errno.ECONNRESET);
    }

    @Test
    void codesAreTheLinuxAndLwipNumbers() {
        assertThat(Errno.EADDRINUSE.code()).isEqualTo(98);
        assertThat(Errno.EADDRNOTAVAIL.code()).isEqualTo(99);
        assertThat(Errno.ECONNREFUSED.code()).isEqualTo(111);
    }
}
