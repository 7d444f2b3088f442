package dev.fleetgateway.support.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A module that dials through the load balancer and, like the firmware, dials again whenever it loses the
 * connection (after 100 to 300 ms), until closed. It says its hello line after every connect and keeps every
 * downlink line it receives, so a test can tell what arrived, how often it reconnected and where.
 */
public final class BalancedModule implements AutoCloseable {

    private final String key;
    private final String host;
    private final int port;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final Thread thread;
    private volatile Socket socket;
    private volatile boolean stopped;

    BalancedModule(String key, String host, int port) {
        this.key = key;
        this.host = host;
        this.port = port;
        this.thread = new Thread(this::run, "module-" + key);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public String key() {
        return key;
    }

    /** Downlink lines received so far, in order, over all connections. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Connections made so far (hello sent on each). */
    public int connects() {
        return connects.get();
    }

    /** Whether a connection is up now. */
    public boolean connected() {
        Socket s = socket;
        return s != null && !s.isClosed();
    }

    /** Sends an uplink line on the current connection; false when there is none or it failed. */
    public boolean sendLine(String line) {
        Socket s = socket;
        if (s == null) {
            return false;
        }
        try {
            OutputStream out = s.getOutputStream();
            synchronized (this) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Drops the current connection with a reset, as a lost radio link; the module dials again. */
    public void dropConnection() {
        Socket s = socket;
        if (s != null) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void run() {
        while (!stopped) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2_000);
                s.setSoTimeout(500);
                s.getOutputStream().write(("IMEI:" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                socket = s;
                connects.incrementAndGet();
                readUntilClosed(s.getInputStream());
            } catch (IOException e) {
                // lost or refused: dial again below
            } finally {
                socket = null;
            }
            pause(100 + (long) (Math.random() * 200));
        }
    }

    private void readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!stopped) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException idle) {
                continue;
            }
            if (n < 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    received.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(buf[i]);
                }
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            stopped = true;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        dropConnection();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
