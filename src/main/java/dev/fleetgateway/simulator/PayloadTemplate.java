package dev.fleetgateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A telemetry payload with fields filled per message: {@code {counter}}, {@code {timestamp}} (epoch
 * milliseconds), {@code {key}}, {@code {random}} (0-100) and {@code {random:min:max}} (inclusive). Parsed once
 * per fleet so rendering is a cheap walk over parts.
 */
final class PayloadTemplate {

    private static final Pattern FIELD = Pattern.compile("\\{(counter|timestamp|key|random(?::(-?\\d{1,9}):(-?\\d{1,9}))?)}");
    private static final Pattern ANY_FIELD = Pattern.compile("\\{[a-z]+(?::[^}]*)?}");

    private sealed interface Part permits Text, Counter, Timestamp, Key, Random {
    }

    private record Text(String text) implements Part {
    }

    private record Counter() implements Part {
    }

    private record Timestamp() implements Part {
    }

    private record Key() implements Part {
    }

    private record Random(int min, int max) implements Part {
    }

    private final List<Part> parts;

    private PayloadTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** Parses a template; unknown fields or an empty range are rejected with a message. */
    static PayloadTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = FIELD.matcher(template);
        int last = 0;
        while (m.find()) {
            addText(parts, template.substring(last, m.start()));
            String name = m.group(1);
            if (name.equals("counter")) {
                parts.add(new Counter());
            } else if (name.equals("timestamp")) {
                parts.add(new Timestamp());
            } else if (name.equals("key")) {
                parts.add(new Key());
            } else if (m.group(2) == null) {
                parts.add(new Random(0, 100));
            } else {
                int min = Integer.parseInt(m.group(2));
                int max = Integer.parseInt(m.group(3));
                if (min > max) {
                    throw new IllegalArgumentException("random range " + min + ":" + max + " is empty");
                }
                parts.add(new Random(min, max));
            }
            last = m.end();
        }
        addText(parts, template.substring(last));
        return new PayloadTemplate(List.copyOf(parts));
    }

    private static void addText(List<Part> parts, String text) {
        Matcher unknown = ANY_FIELD.matcher(text);
        if (unknown.find()) {
            throw new IllegalArgumentException("unknown template field " + unknown.group()
                    + " (known: {counter} {timestamp} {key} {random} {random:min:max})");
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text));
        }
    }

    String render(String key, long counter, long epochMillis) {
        StringBuilder out = new StringBuilder(64);
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else if (p instanceof Counter) {
                out.append(counter);
            } else if (p instanceof Timestamp) {
                out.append(epochMillis);
            } else if (p instanceof Key) {
                out.append(key);
            } else if (p instanceof Random r) {
                out.append(ThreadLocalRandom.current().nextLong(r.min(), (long) r.max() + 1));
            }
        }
        return out.toString();
    }
}
