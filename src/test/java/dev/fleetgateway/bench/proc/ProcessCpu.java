package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used (user + system, from {@code /proc/<pid>/stat}). On a machine shared with other
 * builds, wall-clock rates swing with the neighbours' load; CPU spent per connection or per frame does not,
 * so the scenarios report both.
 */
public final class ProcessCpu {

    // USER_HZ: the unit of utime/stime; 100 on every Linux this runs on.
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** Seconds of CPU used by the process so far. */
    public static double seconds(long pid) throws IOException {
        String stat;
        try (var in = Files.newInputStream(Path.of("/proc/" + pid + "/stat"))) {
            stat = new String(in.readAllBytes());
        }
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }
}
