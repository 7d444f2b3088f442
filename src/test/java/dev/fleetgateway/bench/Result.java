package dev.fleetgateway.bench;

/**
 * One figure of the run. {@code baseline} is null where the raw-Netty server has no counterpart; {@code met}
 * is null where there is no target. A figure is reported whether or not the target was met.
 */
public record Result(String scenario, String metric, String unit, Double baseline, Double gateway, String target,
        Boolean met, String note) {

    public static Result of(String scenario, String metric, String unit, Double baseline, double gateway) {
        return new Result(scenario, metric, unit, baseline, gateway, null, null, null);
    }

    public Result target(String target, boolean met) {
        return new Result(scenario, metric, unit, baseline, gateway, target, met, note);
    }

    public Result note(String note) {
        return new Result(scenario, metric, unit, baseline, gateway, target, met, note);
    }

    /** Gateway over baseline, or null without a baseline. */
    public Double ratio() {
        return baseline == null || gateway == null || baseline == 0 ? null : gateway / baseline;
    }

    /** A scenario that could not run here (e.g. the simulator API is not in this build). */
    public static Result notAvailable(String scenario, String why) {
        return new Result(scenario, "not available", "", null, null, null, null, why);
    }
}
