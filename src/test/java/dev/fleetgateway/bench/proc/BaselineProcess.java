package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.fleetgateway.bench.baseline.BaselineServer;

/** The raw-Netty baseline server as its own process, same heap and GC as the gateway. */
public final class BaselineProcess implements ServerUnderTest {

    private final JavaProcess process;
    private final int httpPort;
    private final int modulePort;
    private final long startupMillis;

    private BaselineProcess(JavaProcess process, int httpPort, int modulePort, long startupMillis) {
        this.process = process;
        this.httpPort = httpPort;
        this.modulePort = modulePort;
        this.startupMillis = startupMillis;
    }

    public static BaselineProcess start(String heap, Path logDir, String name) throws IOException {
        return start(heap, logDir, name, false);
    }

    /** With {@code countOnly} the server frames and counts, and checks no order: the distance to the wire. */
    public static BaselineProcess start(String heap, Path logDir, String name, boolean countOnly) throws IOException {
        int http = Ports.free();
        int modules = Ports.free();
        JavaProcess p = JavaProcess.start(name, List.of("-Xmx" + heap, "-XX:+UseG1GC"),
                List.of("-cp", JavaProcess.classpath(), BaselineServer.class.getName(), Integer.toString(modules),
                        Integer.toString(http), countOnly ? "count-only" : "check-order"), logDir, false);
        p.expect("READY");
        return new BaselineProcess(p, http, modules, (System.nanoTime() - p.startedNanos()) / 1_000_000);
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int modulePort() {
        return modulePort;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public long identified() throws Exception {
        return Http.getJson(base() + "/stats").path("identified").asLong();
    }

    @Override
    public long openSessions() throws Exception {
        return Http.getJson(base() + "/stats").path("open").asLong();
    }

    @Override
    public long framesIn() throws Exception {
        return Http.getJson(base() + "/stats").path("frames").asLong();
    }

    /** Frames that arrived out of sequence on their connection (must stay 0). */
    public long outOfOrder() throws Exception {
        return Http.getJson(base() + "/stats").path("outOfOrder").asLong();
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String cheapGetUrl() {
        return base() + "/health";
    }

    @Override
    public String sendUrl(String moduleKey) {
        return base() + "/send/" + moduleKey;
    }

    @Override
    public String noDataRecvUrl(String moduleKey) {
        return base() + "/recv/" + moduleKey;
    }

    @Override
    public String unknownSendUrl() {
        return base() + "/send/no-such-module";
    }

    @Override
    public String sendBody(String text) {
        return text;
    }

    @Override
    public String sendContentType() {
        return "application/octet-stream";
    }

    @Override
    public void close() {
        process.close();
    }
}
