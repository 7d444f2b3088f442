package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap after a full GC (via {@code jcmd}) and resident set size (via {@code /proc}) of another JVM. */
public final class JvmMemory {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private JvmMemory() {
    }

    /** Live heap bytes: forces a full GC first so the figure is what is retained, not garbage. */
    public static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    public static long rss(long pid) throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
        if (!m.find()) {
            throw new IOException("no VmRSS for " + pid);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
