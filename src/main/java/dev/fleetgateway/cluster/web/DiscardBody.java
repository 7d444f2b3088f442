package dev.fleetgateway.cluster.web;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/** Drains and drops an answer nobody waits for any more, so its connection is freed. */
final class DiscardBody implements Flow.Subscriber<List<ByteBuffer>> {

    @Override
    public void onSubscribe(Flow.Subscription s) {
        s.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onComplete() {
    }
}
