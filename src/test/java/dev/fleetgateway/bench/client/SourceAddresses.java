package dev.fleetgateway.bench.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh loopback source addresses for load generators. A generator that closes 19,000 connections leaves
 * 19,000 client ports in TIME_WAIT for a minute; a run that reuses the same source address right after then
 * spends its time searching for free ports in bind(), which showed as baseline storms swinging between 400 and
 * 2,000 connects/s. Every address handed out here is new within the harness process, and the second octet
 * differs between harness processes, so consecutive runs never share a source address. All of 127.0.0.0/8 is
 * loopback on Linux.
 */
public final class SourceAddresses {

    private static final int RUN = 1 + (int) (ProcessHandle.current().pid() % 250);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private SourceAddresses() {
    }

    /** A loopback address no generator of this harness process has used yet. */
    public static String next() {
        int n = NEXT.getAndIncrement();
        return "127." + RUN + "." + (n / 250) + "." + (2 + n % 250);
    }
}
