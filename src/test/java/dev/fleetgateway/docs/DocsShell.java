package dev.fleetgateway.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetgateway.support.Executables;

/**
 * Runs a docs example through {@code bash} as a reader would paste it: the same text, with the gateway's address
 * and the placeholders a test must fill swapped in. A {@code curl} function in front adds a line on stderr per
 * request with its status (curl's {@code -w %{stderr}}), so the example's own output is untouched.
 */
final class DocsShell {

    private static final String PRELUDE = """
            curl() { command curl -w '%{stderr}DOCS-STATUS %{http_code} %{method} %{url_effective}\\n' "$@"; }
            """;
    private static final Pattern STATUS = Pattern.compile("^DOCS-STATUS (\\d{3}) (\\S+) (\\S+)$", Pattern.MULTILINE);

    /** One request the example made. */
    record Request(int status, String method, String url) {
        @Override
        public String toString() {
            return status + " " + method + " " + url;
        }
    }

    /** What an example printed and the requests it made. */
    record Run(int exit, String out, String err, List<Request> requests) {
        String transcript() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private DocsShell() {
    }

    /** Whether curl, jq and bash are installed (.ci/setup.d/40-cli-tools.sh installs the first two). */
    static boolean available() {
        return Executables.onPath("curl").isPresent() && Executables.onPath("jq").isPresent()
                && Executables.onPath("bash").isPresent();
    }

    /** Runs {@code text} with each key of {@code swaps} replaced by its value, in {@code dir}, KEY set. */
    static Run run(String text, Map<String, String> swaps, String key, Path dir) throws IOException, InterruptedException {
        String script = text;
        for (Map.Entry<String, String> s : swaps.entrySet()) {
            script = script.replace(s.getKey(), s.getValue());
        }
        Path file = dir.resolve("example.sh");
        Files.writeString(file, PRELUDE + script);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KEY", key);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("example still running after 120 s:\n" + script);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<Request> requests = new ArrayList<>();
        Matcher m = STATUS.matcher(stderr);
        while (m.find()) {
            requests.add(new Request(Integer.parseInt(m.group(1)), m.group(2), m.group(3)));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, requests);
    }
}
