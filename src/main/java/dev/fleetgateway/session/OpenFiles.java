package dev.fleetgateway.session;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives {@code max-sessions} from the process's open-file limit: each session holds one descriptor, and a
 * flood that takes them all leaves Tomcat, the database pool and the log unable to open anything (the liveness
 * probe times out and Kubernetes restarts the pod, dropping every module). Keeping a reserve free means a flood
 * is refused at accept instead.
 */
final class OpenFiles {

    private static final Logger log = LoggerFactory.getLogger(OpenFiles.class);

    /** Used where the limit cannot be read (not a Unix JVM). */
    static final int FALLBACK_MAX_SESSIONS = 20_000;

    private OpenFiles() {
    }

    /** The open-file limit of this process, or -1 when the JVM cannot tell. */
    static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** The effective {@code max-sessions}: the configured value, or the open-file limit less the reserve. */
    static int maxSessions(int configured, int reserve, long fileLimit) {
        if (configured > 0) {
            if (fileLimit > 0 && configured > fileLimit - reserve) {
                log.warn("max-sessions {} leaves fewer than {} of the {} open files for HTTP, database and logs; "
                        + "a connection flood can starve them", configured, reserve, fileLimit);
            }
            return configured;
        }
        if (fileLimit <= 0) {
            return FALLBACK_MAX_SESSIONS;
        }
        // A small limit (ulimit -n 1024) still leaves half for sessions rather than none.
        long derived = Math.max(fileLimit - reserve, fileLimit / 2);
        return (int) Math.min(derived, Integer.MAX_VALUE);
    }
}
