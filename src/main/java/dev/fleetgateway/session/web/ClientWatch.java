package dev.fleetgateway.session.web;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Notices HTTP clients that leave while their long-poll waits, so that a departed client frees its reader place at
 * once and never takes data. Tomcat does not watch the socket of a request in async mode, so a closed or reset
 * connection shows only when the answer is written; by then a destructive recv has taken the data. Here one thread
 * looks at every waiting request every {@link #PROBE_MILLIS}: with a read listener set, {@code available()} makes
 * Tomcat try a non-blocking read, and EOF or a reset show as "available" (a GET long-poll has no body; a client
 * that pipelines its next request behind it is taken as gone too). A departed client's wait is cancelled; a wait
 * that ends is checked once more before its answer is written (the caller then puts data back instead). The check
 * is one non-blocking read, so an event loop that ends a wait may make it.
 */
@Component
class ClientWatch implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClientWatch.class);

    static final long PROBE_MILLIS = 200;
    /** Longest a finished wait waits for its request to enter async mode before it is answered anyway. */
    static final int START_WAIT_MILLIS = 1000;

    private static final CompletableFuture<Boolean> NOT_GONE = CompletableFuture.completedFuture(false);

    private static final ReadListener IGNORE = new ReadListener() {
        @Override
        public void onDataAvailable() {
        }

        @Override
        public void onAllDataRead() {
        }

        @Override
        public void onError(Throwable t) {
        }
    };

    private final Watch answeredAtOnce = new Watch(null, null);
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-client-watch");
        t.setDaemon(true);
        return t;
    });

    ClientWatch() {
        probes.scheduleWithFixedDelay(this::probeAll, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the client of {@code request} while {@code pending} waits, cancelling it when the client leaves. The
     * caller must {@link Watch#end end} the watch before it answers (it says whether the client is still there).
     */
    Watch watch(HttpServletRequest request, CompletableFuture<?> pending) {
        if (pending.isDone()) {
            return answeredAtOnce; // the client has only just asked
        }
        Watch w = new Watch(request, pending);
        watches.add(w);
        return w;
    }

    private void probeAll() {
        for (Watch w : watches) {
            try {
                if (w.probe()) {
                    watches.remove(w);
                }
            } catch (RuntimeException e) {
                watches.remove(w); // a failing probe must not end the probing of the others
                log.debug("Probing a waiting request failed", e);
            }
        }
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
    }

    /** One waiting request. Its lock keeps probes away from the request once its answer is on the way. */
    final class Watch {
        private final HttpServletRequest request;
        private final CompletableFuture<?> pending;
        private boolean ended;
        private boolean gone;
        private boolean listening;

        private Watch(HttpServletRequest request, CompletableFuture<?> pending) {
            this.request = request;
            this.pending = pending;
        }

        // True when done with this watch.
        private synchronized boolean probe() {
            if (ended) {
                return true;
            }
            if (clientGone()) {
                gone = true;
                ended = true;
                pending.cancel(false);
                return true;
            }
            return false;
        }

        /**
         * Stops watching (after this the request is the caller's alone) and tells whether the client has left,
         * checked once more now. A wait can end before the servlet thread has put its request in async mode; the
         * check then waits for that on the probe thread (at most {@link #START_WAIT_MILLIS}).
         */
        CompletableFuture<Boolean> end() {
            return request == null ? NOT_GONE : endWatch();
        }

        private synchronized CompletableFuture<Boolean> endWatch() {
            if (ended) {
                return CompletableFuture.completedFuture(gone);
            }
            ended = true;
            watches.remove(this);
            if (started()) {
                gone = clientGone();
                return CompletableFuture.completedFuture(gone);
            }
            CompletableFuture<Boolean> verdict = new CompletableFuture<>();
            try {
                probes.schedule(() -> lateCheck(verdict, 1), 1, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                verdict.complete(false); // shutting down
            }
            return verdict;
        }

        private synchronized void lateCheck(CompletableFuture<Boolean> verdict, int waited) {
            if (!started() && waited < START_WAIT_MILLIS) {
                probes.schedule(() -> lateCheck(verdict, waited + 1), 1, TimeUnit.MILLISECONDS);
                return;
            }
            gone = clientGone();
            verdict.complete(gone);
        }

        private boolean started() {
            try {
                return request.isAsyncStarted();
            } catch (RuntimeException e) {
                return true; // recycled: nothing more to wait for (clientGone says no)
            }
        }

        private boolean clientGone() {
            try {
                if (!request.isAsyncStarted()) {
                    return false; // still on the servlet thread that accepted it: not ours to read yet
                }
                ServletInputStream in = request.getInputStream();
                if (!listening) {
                    in.setReadListener(IGNORE); // without one Tomcat's available() does not read the socket
                    listening = true;
                }
                return in.available() > 0;
            } catch (IOException | RuntimeException e) {
                return false; // cannot tell (not Tomcat, request already recycled): leave the wait alone
            }
        }
    }
}
