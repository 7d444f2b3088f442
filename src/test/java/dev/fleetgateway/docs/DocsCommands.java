package dev.fleetgateway.docs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The curl commands of a shell example that reach the REST API. */
final class DocsCommands {

    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    private DocsCommands() {
    }

    /**
     * Each {@code curl …} command (continuation lines joined) whose URL is under {@code /api/}, written out or through a
     * variable the example set to such a URL ({@code M=localhost:8080/api/…; curl $M/recv}).
     */
    static List<String> apiCurls(String script) {
        List<String> lines = joined(script);
        Set<String> apiVariables = new HashSet<>();
        for (String line : lines) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches() && m.group(2).contains("/api/") && !m.group(2).contains("curl ")) {
                apiVariables.add(m.group(1));
            }
        }
        List<String> curls = new ArrayList<>();
        for (String line : lines) {
            int at = line.indexOf("curl ");
            if (at < 0 || line.strip().startsWith("#")) {
                continue;
            }
            String command = line.substring(at);
            boolean api = command.contains("/api/")
                    || apiVariables.stream().anyMatch(v -> command.contains("$" + v) || command.contains("${" + v + "}"));
            if (api) {
                curls.add(command);
            }
        }
        return curls;
    }

    private static List<String> joined(String script) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return lines;
    }
}
