package dev.fleetgateway.session;

/** Cumulative session and traffic totals of this process since it started. */
public record SessionTotals(long opened, long closed, long bytesIn, long bytesOut, long framesIn, long framesOut) {
}
