package dev.fleetgateway.console.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

import dev.fleetgateway.console.FleetOverview;
import dev.fleetgateway.console.TrafficHistory;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.Frame;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.session.SessionView;
import dev.fleetgateway.simulator.FleetView;
import dev.fleetgateway.system.Payloads;

/**
 * The HTML of everything that is pushed live (SSE) as well as rendered with its page: one renderer, so a page
 * and its updates never differ. Every value from a module or a request is escaped here.
 */
final class Fragments {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Frames longer than this are shown cut, with their full length. */
    static final int FRAME_SHOWN = 512;

    private Fragments() {
    }

    static String esc(Object o) {
        return o == null ? "" : HtmlUtils.htmlEscape(String.valueOf(o));
    }

    static String when(Instant t) {
        return t == null ? "–" : DATE_TIME.format(t);
    }

    static String label(Enum<?> e) {
        return e == null ? "–" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Sessions by state and direction, and the totals since start. */
    static String overview(FleetOverview.Snapshot s) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<table class=\"counts\"><caption>Live sessions: <strong>").append(s.live())
                .append("</strong></caption><thead><tr><th scope=\"col\">State</th><th scope=\"col\">Sessions</th>")
                .append("</tr></thead><tbody>");
        for (Map.Entry<SessionState, Integer> e : s.byState().entrySet()) {
            b.append("<tr><th scope=\"row\">").append(label(e.getKey())).append("</th><td data-state=\"")
                    .append(e.getKey().name()).append("\">").append(e.getValue()).append("</td></tr>");
        }
        for (Map.Entry<Direction, Integer> e : s.byDirection().entrySet()) {
            b.append("<tr><th scope=\"row\">").append(label(e.getKey())).append(" (any state)</th><td>")
                    .append(e.getValue()).append("</td></tr>");
        }
        b.append("</tbody></table><dl class=\"totals\"><dt>Opened since start</dt><dd>").append(s.totals().opened())
                .append("</dd><dt>Closed since start</dt><dd>").append(s.totals().closed())
                .append("</dd><dt>Bytes in / out</dt><dd>").append(s.totals().bytesIn()).append(" / ")
                .append(s.totals().bytesOut()).append("</dd><dt>Frames in / out</dt><dd>")
                .append(s.totals().framesIn()).append(" / ").append(s.totals().framesOut()).append("</dd></dl>");
        return b.toString();
    }

    /** Chart samples as JSON arrays (uPlot's column layout): time, connects/s, disconnects/s, bytes in/s, out/s. */
    static String samples(List<TrafficHistory.Sample> samples) {
        StringBuilder t = new StringBuilder("[");
        StringBuilder c = new StringBuilder("[");
        StringBuilder d = new StringBuilder("[");
        StringBuilder i = new StringBuilder("[");
        StringBuilder o = new StringBuilder("[");
        for (int n = 0; n < samples.size(); n++) {
            TrafficHistory.Sample s = samples.get(n);
            String sep = n == 0 ? "" : ",";
            t.append(sep).append(s.at());
            c.append(sep).append(round(s.connectsPerSecond()));
            d.append(sep).append(round(s.disconnectsPerSecond()));
            i.append(sep).append(round(s.bytesInPerSecond()));
            o.append(sep).append(round(s.bytesOutPerSecond()));
        }
        return "[" + t + "]," + c + "]," + d + "]," + i + "]," + o + "]]";
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The live session of a module, or a line saying it has none. */
    static String session(SessionView s) {
        if (s == null) {
            return "<p class=\"offline\" data-session-state=\"NONE\">No live session: the module is offline.</p>";
        }
        StringBuilder b = new StringBuilder(1024);
        b.append("<dl class=\"session\" data-session-state=\"").append(s.state().name()).append("\">")
                .append(item("State", "<strong>" + label(s.state()) + "</strong>"))
                .append(item("Session", "<code>" + esc(s.id()) + "</code>"))
                .append(item("Direction", label(s.direction())))
                .append(item("Remote address", esc(s.remoteAddress())))
                .append(item("Opened", esc(when(s.openedAt()))
                        + (s.openedAt() == null || s.closedAt() != null ? ""
                                : " (" + esc(age(Duration.between(s.openedAt(), Instant.now()))) + " ago)")));
        if (s.stats() != null) {
            b.append(item("Bytes in / out", s.stats().bytesIn() + " / " + s.stats().bytesOut()))
                    .append(item("Frames in / out", s.stats().framesIn() + " / " + s.stats().framesOut()))
                    .append(item("Buffered", s.stats().bufferedFrames() + " frames, " + s.stats().bufferedBytes()
                            + " bytes"))
                    .append(item("Last activity", esc(when(s.stats().lastActivityAt()))));
        }
        if (s.writable() != null) {
            b.append(item("Reading", s.writable() ? "yes" : "no (sends wait or queue)"));
        }
        if (s.closeReason() != null) {
            b.append(item("Closed", label(s.closeReason()) + (s.errno() == null ? "" : " (errno " + s.errno() + ")")));
        }
        return b.append("</dl>").toString();
    }

    private static String item(String term, String html) {
        return "<dt>" + term + "</dt><dd>" + html + "</dd>";
    }

    static String age(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    /** One received frame as a line of the terminal: its sequence, time, size, text and hex. */
    static String frame(Frame f) {
        byte[] data = f.data();
        byte[] shown = data.length > FRAME_SHOWN ? java.util.Arrays.copyOf(data, FRAME_SHOWN) : data;
        String text = Payloads.isUtf8(shown) ? printable(new String(shown, StandardCharsets.UTF_8)) : null;
        StringBuilder b = new StringBuilder(128 + shown.length * 3);
        b.append("<li class=\"frame in\"><span class=\"dir\" aria-label=\"received\">←</span> <span class=\"seq\">#")
                .append(f.seq()).append("</span> <time datetime=\"").append(f.receivedAt()).append("\">")
                .append(TIME.format(f.receivedAt())).append("</time> <span class=\"len\">").append(data.length)
                .append(" B</span> ");
        if (text != null) {
            b.append("<code class=\"text\">").append(esc(text)).append("</code> ");
        }
        b.append("<code class=\"hex\">").append(HexFormat.ofDelimiter(" ").formatHex(shown));
        if (shown.length < data.length) {
            b.append(" …");
        }
        return b.append("</code></li>").toString();
    }

    /** Control characters as the escapes a terminal user types ({@code \r}, {@code \n}, {@code \x00}). */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The simulator's fleets with their live figures (the controls stay in the page, never replaced). */
    static String fleets(List<FleetView> fleets) {
        if (fleets.isEmpty()) {
            return "<p>No fleet is running.</p>";
        }
        StringBuilder b = new StringBuilder(512 + fleets.size() * 256);
        b.append("<table><caption>Fleets, live</caption><thead><tr><th scope=\"col\">Fleet</th>")
                .append("<th scope=\"col\">Modules</th><th scope=\"col\">Connected</th>")
                .append("<th scope=\"col\">Connecting</th><th scope=\"col\">Backing off</th>")
                .append("<th scope=\"col\">Frames sent / received</th><th scope=\"col\">Connect p95 (ms)</th>")
                .append("<th scope=\"col\">Errors</th></tr></thead><tbody>");
        for (FleetView f : fleets) {
            FleetView.Stats s = f.stats();
            long errors = s.errors().stream().mapToLong(FleetView.ErrnoCount::count).sum();
            b.append("<tr data-fleet=\"").append(esc(f.id())).append("\"><th scope=\"row\">").append(esc(f.id()))
                    .append(f.name() == null ? "" : " <span class=\"muted\">" + esc(f.name()) + "</span>")
                    .append("</th><td>").append(s.modules()).append("</td><td data-connected>").append(s.connected())
                    .append("</td><td>").append(s.connecting()).append("</td><td>").append(s.backingOff())
                    .append("</td><td>").append(s.framesSent()).append(" / ").append(s.framesReceived())
                    .append("</td><td>").append(round(s.connectLatencyMs().p95())).append("</td><td>").append(errors)
                    .append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}
