package dev.fleetgateway.usocket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * {@code getaddrinfo(host, port)} for outbound sessions and virtual modules. JDK name lookups block, so they run
 * on one small bounded pool, never on an event loop; a lookup that fails, times out or finds the pool full fails
 * with {@link OsError} errno 202 ({@link Errno#EAI_FAIL}).
 */
@Component
public class NameResolver implements DisposableBean {

    private final ThreadPoolExecutor pool;
    private final long timeoutNanos;

    NameResolver(ResolverProperties props) {
        this.pool = new ThreadPoolExecutor(props.threads(), props.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.queue()), new DefaultThreadFactory("fleet-resolve", true));
        this.pool.allowCoreThreadTimeOut(true);
        this.timeoutNanos = props.timeout().toNanos();
    }

    /** Resolves and completes on {@code loop}; address literals skip the pool. */
    public CompletableFuture<InetSocketAddress> getaddrinfo(String host, int port, EventExecutor loop) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(
                        new InetSocketAddress(InetAddress.getByAddress(host, literal), port));
            } catch (UnknownHostException impossible) {
                return CompletableFuture.failedFuture(new OsError(Errno.EAI_FAIL, host));
            }
        }
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(host), port);
                    loop.execute(() -> result.complete(a));
                } catch (UnknownHostException | SecurityException e) {
                    loop.execute(() -> result.completeExceptionally(
                            new OsError(Errno.EAI_FAIL, "getaddrinfo failed for " + host)));
                }
            });
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(
                    new OsError(Errno.EAI_FAIL, "resolver busy, lookup of " + host + " dropped"));
        }
        var timer = loop.schedule(() -> result.completeExceptionally(
                new OsError(Errno.EAI_FAIL, "getaddrinfo timed out for " + host)), timeoutNanos, TimeUnit.NANOSECONDS);
        result.whenComplete((a, e) -> timer.cancel(false));
        return result;
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
