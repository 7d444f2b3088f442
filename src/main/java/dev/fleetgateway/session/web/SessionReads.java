package dev.fleetgateway.session.web;

import dev.fleetgateway.session.FrameBatch;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.RecvResult;
import dev.fleetgateway.session.SessionStats;

import dev.fleetgateway.usocket.Errno;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Durations;
import dev.fleetgateway.system.Payloads;
import jakarta.servlet.http.HttpServletRequest;

/** The read verbs (recv, messages, ack) as HTTP responses; shared by session- and module-addressed routes. */
@Component
class SessionReads {

    /** The answer of a read whose client has left: nobody reads it. */
    private static final ResponseEntity<?> GONE = ResponseEntity.noContent().build();

    private final ApiProperties api;
    private final ClientWatch clients;

    SessionReads(ApiProperties api, ClientWatch clients) {
        this.api = api;
        this.clients = clients;
    }

    /**
     * A destructive read. While it waits, a client that leaves cancels it (freeing its place); data taken for a
     * client found gone is put back for the next reader.
     */
    CompletableFuture<ResponseEntity<?>> recv(ModuleSession s, int max, String timeout, String encoding, boolean raw,
            HttpServletRequest request) {
        if (max < 1 || max > api.maxRecv().toBytes()) {
            throw FleetException.invalid("validation", "Invalid parameter",
                    "max must be between 1 and " + api.maxRecv().toBytes());
        }
        Duration t = Durations.parse("timeout", timeout, Duration.ZERO, api.maxWait());
        Payloads.Encoding enc = Payloads.Encoding.parse(encoding, Payloads.Encoding.BASE64);
        CompletableFuture<RecvResult> pending = s.recv(max, t.toMillis());
        ClientWatch.Watch watch = clients.watch(request, pending);
        return pending.handle((r, err) -> watch.end().thenApply(gone -> {
            if (gone) {
                if (r != null) {
                    r.putBack();
                }
                return GONE;
            }
            if (err != null) {
                throw Futures.rethrowable(err);
            }
            return switch (r.outcome()) {
                case DATA -> raw ? rawBody(s, r.data(), false)
                        : ResponseEntity.ok(received(s, r, enc));
                case EOF -> raw ? rawBody(s, new byte[0], true)
                        : ResponseEntity.ok(received(s, r, enc));
                case TIMEOUT -> throw noData(s, Errno.ETIMEDOUT, "recv timed out after " + t.toMillis() + " ms");
                case WOULD_BLOCK -> throw noData(s, Errno.EAGAIN, "No data buffered (non-blocking recv)");
            };
        })).thenCompose(answer -> answer);
    }

    /** A cursor read; a client that leaves while it waits cancels it. */
    CompletableFuture<SessionRequests.Messages> messages(ModuleSession s, long after, int limit, String wait,
            String encoding, HttpServletRequest request) {
        if (limit < 1 || limit > 1000) {
            throw FleetException.invalid("validation", "Invalid parameter", "limit must be between 1 and 1000");
        }
        if (after < 0) {
            throw FleetException.invalid("validation", "Invalid parameter", "after must not be negative");
        }
        Duration w = Durations.parse("wait", wait, Duration.ZERO, api.maxWait());
        Payloads.Encoding enc = Payloads.Encoding.parse(encoding, Payloads.Encoding.BASE64);
        CompletableFuture<FrameBatch> pending = s.read(after, limit, w.toMillis());
        ClientWatch.Watch watch = clients.watch(request, pending);
        return pending.handle((batch, err) -> watch.end().thenApply(gone -> {
            if (gone) {
                return (SessionRequests.Messages) null; // nobody to answer
            }
            if (err != null) {
                throw Futures.rethrowable(err);
            }
            java.util.List<FrameView> list = batch.frames().stream()
                    .map(f -> FrameView.of(null, f, encode(f.data(), enc))).toList();
            long next = list.isEmpty() ? Math.max(after, 0) : list.get(list.size() - 1).seq();
            boolean gap = batch.firstSeq() > after + 1 || (batch.firstSeq() == 0 && batch.lastSeq() > after);
            return new SessionRequests.Messages(s.id(), list, enc.name().toLowerCase(), next, batch.lastSeq(),
                    batch.firstSeq(), gap, batch.eof());
        })).thenCompose(answer -> answer);
    }

    SessionRequests.Acked ack(ModuleSession s, long upTo) {
        int freed = s.ack(upTo);
        SessionStats st = s.stats();
        return new SessionRequests.Acked(freed, st.bufferedBytes(), st.bufferedFrames());
    }

    private static Received received(ModuleSession s, RecvResult r, Payloads.Encoding enc) {
        byte[] data = r.data() == null ? new byte[0] : r.data();
        String encoded;
        try {
            encoded = encode(data, enc);
        } catch (FleetException e) {
            r.putBack(); // binary data asked as text: it stays for a reader who asks for base64 or hex
            throw e;
        }
        return new Received(s.id(), data.length, encoded, enc.name().toLowerCase(),
                r.outcome() == RecvResult.Outcome.EOF, Received.Part.of(r.pieces()));
    }

    private static String encode(byte[] data, Payloads.Encoding enc) {
        if (enc == Payloads.Encoding.TEXT && !Payloads.isUtf8(data)) {
            throw FleetException.conflict("not-text", "Data is not UTF-8 text",
                    "The data is binary; read it with encoding=base64 or hex");
        }
        return Payloads.encode(data, enc);
    }

    private static ResponseEntity<byte[]> rawBody(ModuleSession s, byte[] data, boolean eof) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("X-Session-Id", s.id()).header("X-EOF", Boolean.toString(eof))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(data);
    }

    private static FleetException noData(ModuleSession s, Errno errno, String detail) {
        return new FleetException(FleetException.Kind.NO_DATA, "no-data", "No data", detail)
                .with("errno", errno.code()).with("errnoName", errno.name()).with("sessionId", s.id());
    }
}
