package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.TcpState;

import dev.fleetgateway.usocket.OsError;

import dev.fleetgateway.usocket.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.netty.channel.ConnectTimeoutException;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorErrnoTests {

    @Autowired
    SimulatorService simulator;

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
    }

    FleetRequest idle(String host, int port, String connectTimeout) {
        return new FleetRequest("errno", 1, host, port, null, List.of(), null, null, null, null, false, null, null,
                connectTimeout, null);
    }

    static Errno errnoOf(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return ((OsError) e.getCause()).errno();
        }
        throw new AssertionError("no error");
    }

    @Test
    void connectToAClosedPortIsRefused111() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SimulatedModule m = simulator.module(simulator.create(idle("127.0.0.1", port, null)).id(), "0");
        assertThat(errnoOf(() -> new HandDriver(m).connect().join())).isEqualTo(Errno.ECONNREFUSED);
        assertThat(m.lastErrno()).isEqualTo(Errno.ECONNREFUSED);
        assertThat(m.lastErrno().code()).isEqualTo(111);
    }

    @Test
    void unknownHostFailsTheLookupWith202() {
        FleetView fleet = simulator.create(idle("no-such-host.invalid", 7, null));
        SimulatedModule m = simulator.module(fleet.id(), "0");
        assertThat(errnoOf(() -> new HandDriver(m).connect().join())).isEqualTo(Errno.EAI_FAIL);
        assertThat(Errno.EAI_FAIL.code()).isEqualTo(202);
        assertThat(simulator.get(fleet.id()).stats().errors())
                .containsExactly(new FleetView.ErrnoCount(202, "EAI_FAIL", 1));
    }

    @Test
    void connectToAListenerWithAFullBacklogTimesOut110() throws IOException {
        // Linux drops SYNs while a listener's accept queue is full, so the handshake never completes
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()), 200);
                    } catch (IOException full) {
                        f.close();
                        break;
                    }
                    fillers.add(f);
                }
                SimulatedModule m = simulator.module(
                        simulator.create(idle("127.0.0.1", s.getLocalPort(), "300ms")).id(), "0");
                assertThat(errnoOf(() -> new HandDriver(m).connect().join())).isEqualTo(Errno.ETIMEDOUT);
                assertThat(m.sta()).isEqualTo(TcpState.CLOSED.code());
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void javaAndNettyErrorsMapToUsocketErrno() {
        assertThat(Errno.of(new ConnectTimeoutException("connection timed out"))).isEqualTo(Errno.ETIMEDOUT);
        assertThat(Errno.of(new ConnectException("Connection refused"))).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.of(new NoRouteToHostException("No route to host"))).isEqualTo(Errno.EHOSTUNREACH);
        assertThat(Errno.of(new IOException("connect(..) failed: Network is unreachable")))
                .isEqualTo(Errno.EHOSTUNREACH);
        assertThat(Errno.of(new IOException("Connection reset by peer"))).isEqualTo(Errno.ECONNRESET);
        assertThat(Errno.of(new java.net.BindException("Cannot assign requested address")))
                .isEqualTo(Errno.EADDRNOTAVAIL);
        assertThat(Errno.of(new CompletionException(new UnknownHostException("x")))).isEqualTo(Errno.EAI_FAIL);
        assertThat(Errno.of(new CompletionException(new OsError(Errno.EAGAIN, "empty"))))
                .isEqualTo(Errno.EAGAIN);
        assertThat(List.of(Errno.ETIMEDOUT.code(), Errno.ECONNREFUSED.code(), Errno.ECONNRESET.code(),
                Errno.EHOSTUNREACH.code())).containsExactly(110, 111, 104, 113);
    }

    @Test
    void peerResetShowsAs104AndPeerCloseAsCloseWait() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            FleetView fleet = simulator.create(new FleetRequest("rst", 2, "127.0.0.1", server.port(), null, List.of(),
                    null, null, null, null, false, null, null, null, null));
            SimulatedModule a = simulator.module(fleet.id(), "0");
            SimulatedModule b = simulator.module(fleet.id(), "1");
            new HandDriver(a).connect().join();
            new HandDriver(b).connect().join();
            assertThat(a.sta()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(15)).until(() -> server.connections.size() == 2);
            server.connections.get(0).channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
            server.connections.get(0).channel.close();
            server.connections.get(1).channel.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> a.state() == ModuleState.DISCONNECTED
                    && b.state() == ModuleState.DISCONNECTED);
            SimulatedModule reset = a.lastErrno() != null ? a : b;
            SimulatedModule orderly = reset == a ? b : a;
            assertThat(reset.lastErrno()).isEqualTo(Errno.ECONNRESET);
            assertThat(errnoOf(() -> new HandDriver(reset).recv(10, Duration.ZERO).join()))
                    .isEqualTo(Errno.ECONNRESET);
            assertThat(orderly.sta()).isEqualTo(TcpState.CLOSE_WAIT.code());
            assertThat(new HandDriver(orderly).recv(10, Duration.ZERO).join()).isEmpty();
            assertThat(errnoOf(() -> new HandDriver(orderly).send(new byte[] {1}).join())).isEqualTo(Errno.EPIPE);
        }
    }
}
