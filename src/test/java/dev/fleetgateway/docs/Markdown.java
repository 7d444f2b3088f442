package dev.fleetgateway.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of a Markdown file for the docs tests: headings (as GitHub slugs them), links, code blocks, tables. */
final class Markdown {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_-]*).*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    /** A fenced code block: its language, its text, and the heading it stands under. */
    record Block(String lang, String text, String heading, int line) {
    }

    /** A link written in the prose (not inside code), with its line. */
    record Link(String target, int line) {
    }

    /** A table row outside code: its cells, trimmed, and the heading and header row above it. */
    record Row(List<String> cells, String heading, String header, int line) {
    }

    final Path file;
    final List<String> headings = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        String heading = "";
        String header = null;
        String lang = null;
        StringBuilder code = null;
        int codeLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                if (code == null) {
                    lang = fence.group(1);
                    code = new StringBuilder();
                    codeLine = i + 1;
                } else {
                    blocks.add(new Block(lang, code.toString(), heading, codeLine));
                    code = null;
                }
                continue;
            }
            if (code != null) {
                code.append(line).append('\n');
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                heading = h.group(2);
                headings.add(heading);
            }
            Matcher l = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("``"));
            while (l.find()) {
                links.add(new Link(l.group(2), i + 1));
            }
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (header == null) {
                    header = line;
                } else if (!cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                    rows.add(new Row(cells, heading, header, i + 1));
                }
            } else {
                header = null;
            }
        }
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives this file's headings: slugs, with -1, -2, … on repeats. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String h : headings) {
            String slug = slug(h);
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /** GitHub's rule: lower case; links and HTML reduced to their text; punctuation but - and _ dropped; spaces to -. */
    static String slug(String heading) {
        String s = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}_ -]", "");
        return s.replace(' ', '-');
    }

    /** The first block under a heading (matched exactly) in a given language. */
    Block block(String heading, String lang, int index) {
        List<Block> under = blocks.stream().filter(b -> b.heading().equals(heading) && b.lang().equals(lang)).toList();
        if (index >= under.size()) {
            throw new AssertionError(file + ": no " + lang + " block #" + index + " under '" + heading + "'");
        }
        return under.get(index);
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }
}
