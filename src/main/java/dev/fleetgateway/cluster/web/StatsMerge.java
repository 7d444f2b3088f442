package dev.fleetgateway.cluster.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fleet summary of the whole cluster from each replica's own: counts, totals and rates add up (the rate window
 * is the longest one), the top lists are merged and cut to {@code top}, each entry naming its replica, and
 * {@code replicas} gives each replica's live sessions.
 */
final class StatsMerge {

    private StatsMerge() {
    }

    static ObjectNode merge(Gatherer.Gathered g, int top) {
        ObjectNode out = Gatherer.JSON.createObjectNode();
        out.put("at", Instant.now().toString());
        ObjectNode sessions = out.putObject("sessions");
        ObjectNode totals = out.putObject("totals");
        ObjectNode rates = out.putObject("rates");
        List<ObjectNode> byTraffic = new ArrayList<>();
        List<ObjectNode> byBuffered = new ArrayList<>();
        ArrayNode replicas = Gatherer.JSON.createArrayNode();
        double window = 0;
        for (Map.Entry<String, JsonNode> e : g.answers().entrySet()) {
            JsonNode s = e.getValue();
            add(sessions, s.path("sessions"));
            add(totals, s.path("totals"));
            add(rates, s.path("rates"));
            window = Math.max(window, s.path("rates").path("windowSeconds").asDouble());
            tag(s.path("top").path("byTraffic"), e.getKey(), byTraffic);
            tag(s.path("top").path("byBufferedBytes"), e.getKey(), byBuffered);
            replicas.addObject().put("replica", e.getKey()).put("live", s.path("sessions").path("live").asInt());
        }
        if (rates.has("windowSeconds")) {
            rates.put("windowSeconds", window);
        }
        ObjectNode topNode = out.putObject("top");
        topNode.put("n", top);
        topNode.set("byTraffic", cut(byTraffic, n -> n.path("bytesIn").asLong() + n.path("bytesOut").asLong(), top));
        topNode.set("byBufferedBytes", cut(byBuffered, n -> n.path("bufferedBytes").asLong(), top));
        out.set("replicas", replicas);
        ArrayNode missing = out.putArray("unreachableReplicas");
        g.unreachable().forEach(missing::add);
        return out;
    }

    /** Adds every number of {@code from} into {@code into}, member by member, nested objects included. */
    private static void add(ObjectNode into, JsonNode from) {
        for (Map.Entry<String, JsonNode> m : from.properties()) {
            JsonNode v = m.getValue();
            JsonNode have = into.get(m.getKey());
            if (v.isObject()) {
                add(have instanceof ObjectNode o ? o : into.putObject(m.getKey()), v);
            } else if (v.isIntegralNumber()) {
                into.put(m.getKey(), (have == null ? 0 : have.asLong()) + v.asLong());
            } else if (v.isNumber()) {
                into.put(m.getKey(), (have == null ? 0 : have.asDouble()) + v.asDouble());
            }
        }
    }

    private static void tag(JsonNode entries, String replica, List<ObjectNode> into) {
        for (JsonNode n : entries) {
            ObjectNode o = (ObjectNode) n.deepCopy();
            o.put("replica", replica);
            into.add(o);
        }
    }

    private static ArrayNode cut(List<ObjectNode> entries, ToLongFunction<JsonNode> by, int top) {
        entries.sort(Comparator.comparingLong(by).reversed());
        ArrayNode a = Gatherer.JSON.createArrayNode();
        entries.stream().limit(top).forEach(a::add);
        return a;
    }
}
