package dev.fleetgateway.bench.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.fleetgateway.bench.client.FrameFormat;
import dev.fleetgateway.bench.proc.Http;
import tools.jackson.databind.JsonNode;

/**
 * Back-end readers that drain sessions the way the design intends: cursor reads by sequence number
 * ({@code GET /messages?after=}) then {@code POST /messages/ack}. Every frame is checked against
 * {@link FrameFormat}: it must belong to the session's module and carry the next sequence, so a lost,
 * doubled or reordered frame is counted as a fault.
 */
public final class CursorReaders {

    private final String api;
    private final List<String> sessionIds;
    private final AtomicLongArray received;
    private final LongAdder faults = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile long[] target;
    private volatile boolean stop;

    /** {@code sessionIds.get(i)} is the session of module index i. */
    public CursorReaders(String api, List<String> sessionIds) {
        this.api = api;
        this.sessionIds = sessionIds;
        this.received = new AtomicLongArray(sessionIds.size());
    }

    /** Starts {@code lanes} reader loops, each owning every lanes-th module. */
    public CompletableFuture<Void> start(int lanes) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[lanes];
        for (int l = 0; l < lanes; l++) {
            CompletableFuture<Void> lane = new CompletableFuture<>();
            all[l] = lane;
            read(l, l, lanes, lane);
        }
        return CompletableFuture.allOf(all);
    }

    /** Tells the readers how many frames each module sent; they stop once they have read them all. */
    public void finishAt(long[] sent) {
        target = sent;
    }

    /** Gives up on whatever is left (after a drain timeout). */
    public void abort() {
        stop = true;
    }

    public long received(int module) {
        return received.get(module);
    }

    public long faults() {
        return faults.sum();
    }

    public long requests() {
        return requests.sum();
    }

    private boolean laneDone(int first, int step) {
        long[] t = target;
        if (t == null) {
            return false;
        }
        for (int i = first; i < sessionIds.size(); i += step) {
            if (received.get(i) < t[i]) {
                return false;
            }
        }
        return true;
    }

    private void read(int module, int first, int step, CompletableFuture<Void> lane) {
        if (stop || laneDone(first, step)) {
            lane.complete(null);
            return;
        }
        long after = received.get(module);
        String url = api + "/sessions/" + sessionIds.get(module) + "/messages?encoding=text&limit=1000&after=" + after;
        requests.increment();
        client.sendAsync(Http.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenCompose(res -> {
                    long last = check(module, res);
                    if (last <= after) {
                        return CompletableFuture.completedFuture(null);
                    }
                    requests.increment();
                    return client.sendAsync(Http.newBuilder(URI.create(api + "/sessions/"
                            + sessionIds.get(module) + "/messages/ack")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"upTo\":" + last + "}")).build(),
                            HttpResponse.BodyHandlers.discarding());
                })
                .whenComplete((r, err) -> {
                    if (err != null) {
                        faults.increment();
                    }
                    int nextModule = module + step < sessionIds.size() ? module + step : first;
                    if (nextModule == first && !stop) {
                        // A full pass over this lane's modules: pause a moment so an idle lane does not spin.
                        CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS)
                                .execute(() -> read(nextModule, first, step, lane));
                    } else {
                        read(nextModule, first, step, lane);
                    }
                });
    }

    // Verifies the frames of one response; returns the last sequence read.
    private long check(int module, HttpResponse<String> res) {
        if (res.statusCode() != 200) {
            faults.increment();
            return received.get(module);
        }
        JsonNode body = Http.JSON.readTree(res.body());
        long expected = received.get(module);
        for (JsonNode m : body.path("messages")) {
            String data = m.path("data").asString();
            expected++;
            if (FrameFormat.moduleOf(data) != module || FrameFormat.sequenceOf(data) != expected
                    || m.path("seq").asLong() != expected) {
                faults.increment();
            }
        }
        received.set(module, expected);
        return expected;
    }
}
