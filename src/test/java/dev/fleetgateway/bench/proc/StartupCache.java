package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fast start docs/operations.md documents and the Dockerfile builds: the Spring Boot jar extracted (a plain
 * {@code app.jar} with {@code lib/} on its manifest class path; classes loaded through the nested-jar loader
 * cannot be cached), one training run that starts the application against a
 * throw-away in-memory database, up to ready (ports on loopback, port 0), is stopped with SIGTERM and writes a
 * class-data cache at exit, then starts that map the cache. On JDK
 * 25 or later the cache is the AOT cache (JEP 483/514/515: classes loaded and linked, method profiles); on 17–24 a
 * dynamic CDS archive (classes parsed and verified). The harness JVM's own {@code java} runs everything, so run
 * the harness with JDK 25 to measure the AOT cache.
 */
public final class StartupCache {

    private static final long TRAINING_LIMIT_MINUTES = 20;

    private final Path jar;
    private final Path cache;
    private final boolean aot;
    private final long trainingMillis;

    private StartupCache(Path jar, Path cache, boolean aot, long trainingMillis) {
        this.jar = jar;
        this.cache = cache;
        this.aot = aot;
        this.trainingMillis = trainingMillis;
    }

    /** Extracts {@code bootJar} into {@code dir} and runs the training run with {@code heap} and G1. */
    public static StartupCache train(Path bootJar, Path dir, String heap, Path logDir)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve("startup-training.log");
        Path extracted = dir.resolve("app");
        run(List.of(java(), "-Djarmode=tools", "-jar", bootJar.toString(), "extract", "--destination",
                extracted.toString()), log);
        Path jar;
        try (Stream<Path> files = Files.list(extracted)) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IOException("no jar extracted into " + extracted));
        }
        boolean aot = Runtime.version().feature() >= 25;
        Path cache = dir.resolve(aot ? "app.aot" : "app.jsa");
        // The same heap and GC as the starts that use the cache: a JVM started with other flags may refuse it.
        // Trained up to ready (web servers, management context, module port started), then SIGTERM: the JVM
        // writes the cache as it exits, as in the Dockerfile.
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-XX:+UseG1GC",
                (aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + cache,
                "-jar", jar.toString(),
                "--spring.datasource.url=jdbc:h2:mem:training", "--gateway.security.bootstrap-key=training-only",
                "--server.port=0", "--management.server.port=0", "--gateway.modules.port=0",
                "--gateway.modules.bind-address=127.0.0.1", "--server.address=127.0.0.1",
                "--management.server.address=127.0.0.1", "--logging.level.root=WARN",
                "--logging.level.dev.fleetgateway.session.web.ReadyLine=INFO", "--spring.main.banner-mode=off"));
        long t0 = System.nanoTime();
        trainUntilReady(cmd, log);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!Files.isRegularFile(cache)) {
            throw new IOException("the training run wrote no " + cache + "; see " + log);
        }
        return new StartupCache(jar, cache, aot, ms);
    }

    /** The extracted jar the cache belongs to. */
    public Path jar() {
        return jar;
    }

    /** The flags that start from the cache. */
    public List<String> jvmFlags() {
        return List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache);
    }

    /** "AOT cache" or "CDS archive", with the JDK. */
    public String kind() {
        return (aot ? "AOT cache" : "CDS archive") + ", JDK " + Runtime.version().feature();
    }

    public long trainingMillis() {
        return trainingMillis;
    }

    public long sizeBytes() throws IOException {
        return Files.size(cache);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void trainUntilReady(List<String> cmd, Path log) throws IOException, InterruptedException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TRAINING_LIMIT_MINUTES);
        try {
            while (!Files.readString(log).substring((int) logStart).contains("Fleet Gateway ready")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the training run ended or hung before ready: " + String.join(" ", cmd)
                            + "; see " + log);
                }
                Thread.sleep(200);
            }
            p.destroy(); // SIGTERM: graceful shutdown, then the JVM writes the cache
            if (!p.waitFor(TRAINING_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("the training run did not exit: " + String.join(" ", cmd));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(TRAINING_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "; see " + log);
        }
    }
}
