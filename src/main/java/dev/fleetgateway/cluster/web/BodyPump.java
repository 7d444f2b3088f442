package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * Streams the owner's answer body to the caller without a thread per call: the HTTP client's publisher is asked
 * for one more batch only when the servlet output stream has written the last one (non-blocking, through a
 * {@link WriteListener}), so a slow caller slows the owner's connection down instead of filling memory. Each
 * batch is flushed as it goes, so a stream's events and a long-poll's answer are not held in a buffer.
 */
final class BodyPump implements Flow.Subscriber<List<ByteBuffer>> {

    private final ServletOutputStream out;
    private final Runnable finished;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final byte[] chunk = new byte[8192];
    private Flow.Subscription subscription;
    private boolean requested;
    private boolean flushed = true;
    private boolean upstreamDone;
    private boolean done;

    /** {@code finished} runs once, when the body is written, the owner failed, or the caller left. */
    BodyPump(ServletOutputStream out, Runnable finished) {
        this.out = out;
        this.finished = finished;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (this) {
            subscription = s;
        }
        // The container calls onWritePossible once the listener is set; that asks for the first batch.
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                drain();
            }

            @Override
            public void onError(Throwable t) {
                abort();
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        synchronized (this) {
            requested = false;
            pending.addAll(items);
        }
        drain();
    }

    @Override
    public void onError(Throwable t) {
        // The owner's connection broke mid-body: the caller gets what came (the status is already sent).
        finish();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            upstreamDone = true;
        }
        drain();
    }

    /** The caller left: stop reading from the owner, which ends the owner's side of the call too. */
    void abort() {
        Flow.Subscription s;
        synchronized (this) {
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
        finish();
    }

    private void drain() {
        boolean more = false;
        boolean end = false;
        synchronized (this) {
            if (done || subscription == null) {
                return;
            }
            try {
                while (out.isReady()) {
                    ByteBuffer b = pending.peek();
                    if (b == null) {
                        if (!flushed) {
                            flushed = true;
                            out.flush();
                            continue;
                        }
                        if (upstreamDone) {
                            end = true;
                        } else if (!requested) {
                            requested = true;
                            more = true;
                        }
                        break;
                    }
                    int n = Math.min(b.remaining(), chunk.length);
                    b.get(chunk, 0, n);
                    out.write(chunk, 0, n);
                    flushed = false;
                    if (!b.hasRemaining()) {
                        pending.poll();
                    }
                }
            } catch (IOException e) {
                end = true;
                subscription.cancel();
            }
        }
        if (more) {
            subscription.request(1);
        }
        if (end) {
            finish();
        }
    }

    private void finish() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            pending.clear();
        }
        finished.run();
    }
}
