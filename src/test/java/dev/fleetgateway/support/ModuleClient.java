package dev.fleetgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking module for tests, shaped like the seed's usocket program. */
public final class ModuleClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public ModuleClient(int port) throws IOException {
        this(new Socket(), port);
    }

    /** A module dialing a server on another loopback address (the cluster harness's load balancer). */
    public static ModuleClient to(String host, int port) throws IOException {
        return new ModuleClient(new Socket(), new InetSocketAddress(host, port));
    }

    /** A module dialing from a given loopback source address (127.0.0.2, ...: all of 127/8 is loopback on Linux). */
    public static ModuleClient from(String sourceAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(sourceAddress, 0));
        return new ModuleClient(s, port);
    }

    /** Wraps an unconnected socket (plain, or TLS from an {@code SSLSocketFactory}) and connects it. */
    public ModuleClient(Socket unconnected, int port) throws IOException {
        this(unconnected, new InetSocketAddress("127.0.0.1", port));
    }

    private ModuleClient(Socket unconnected, InetSocketAddress server) throws IOException {
        socket = unconnected;
        socket.connect(server, 5_000);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public static ModuleClient hello(int port, String key) throws IOException {
        ModuleClient c = new ModuleClient(port);
        c.send("IMEI:" + key + "\r\n");
        return c;
    }

    /** Sends the hello line for {@code key}; returns this client. */
    public ModuleClient sayHello(String key) throws IOException {
        send("IMEI:" + key + "\r\n");
        return this;
    }

    public int send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.UTF_8));
    }

    public int send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return b.length;
    }

    /** Like recv(n): blocks until some bytes arrive (or the timeout); returns what came, empty on EOF. */
    public byte[] recv(int max) throws IOException {
        byte[] buf = new byte[max];
        int n = in.read(buf);
        if (n < 0) {
            return new byte[0];
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /** Reads exactly n bytes. */
    public byte[] recvExactly(int n) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        while (bos.size() < n) {
            byte[] chunk = recv(n - bos.size());
            if (chunk.length == 0) {
                throw new IOException("EOF after " + bos.size() + " bytes");
            }
            bos.write(chunk);
        }
        return bos.toByteArray();
    }

    /** True when the server closed the connection (read returns EOF or reset) within the timeout. */
    public boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes with RST instead of FIN. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
