package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.system.web.AssertedCaller;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists that cover the cluster: {@code GET /api/v1/sessions} and {@code GET /api/v1/stats} at the edge gather
 * every replica's local answer (through {@link Gatherer}) and merge them, each item naming its {@code replica},
 * and {@code unreachableReplicas} naming those that did not answer. Session pages stay correct over the merged
 * list: each replica is asked for its first {@code (page + 1) * size} sessions, newest first, and the merge cuts
 * the page out of those. A call through the internal port is the local part and is served as before; a call
 * with parameters the endpoint refuses is left to it, for the same 400.
 */
final class ClusterLists implements HandlerInterceptor {

    private static final String SESSIONS = "/api/v1/sessions";
    private static final String STATS = "/api/v1/stats";
    private static final int MAX_SIZE = 1000;

    private final Gatherer gatherer;

    ClusterLists(Gatherer gatherer) {
        this.gatherer = gatherer;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!"GET".equals(request.getMethod()) || AssertedCaller.of(request).isPresent()) {
            return true;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (SESSIONS.equals(pattern)) {
            return sessions(request, response);
        }
        if (STATS.equals(pattern)) {
            return stats(request, response);
        }
        return true;
    }

    private boolean sessions(HttpServletRequest request, HttpServletResponse response) {
        Integer page = integer(request.getParameter("page"), 0);
        Integer size = integer(request.getParameter("size"), 50);
        String state = request.getParameter("state");
        String direction = request.getParameter("direction");
        if (page == null || size == null || page < 0 || size < 1 || size > MAX_SIZE
                || (state != null && !isEnum(SessionState.class, state))
                || (direction != null && !isEnum(Direction.class, direction))) {
            return true;
        }
        StringBuilder filters = new StringBuilder();
        append(filters, "state", state);
        append(filters, "direction", direction);
        append(filters, "moduleKey", request.getParameter("moduleKey"));
        long needed = (long) (page + 1) * size;
        int chunk = (int) Math.min(MAX_SIZE, needed);
        int pages = (int) ((needed + chunk - 1) / chunk);
        Function<Replica, List<String>> paths = r -> {
            List<String> p = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                p.add(SESSIONS + "?page=" + i + "&size=" + chunk + filters);
            }
            return p;
        };
        answer(request, response, gatherer.gather(paths).thenApply(g -> SessionMerge.page(g, page, size)));
        return false;
    }

    private boolean stats(HttpServletRequest request, HttpServletResponse response) {
        Integer top = integer(request.getParameter("top"), 10);
        if (top == null || top < 1 || top > 100) {
            return true;
        }
        answer(request, response, gatherer.gather(r -> List.of(STATS + "?top=" + top))
                .thenApply(g -> StatsMerge.merge(g, top)));
        return false;
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response,
            CompletableFuture<ObjectNode> merged) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0);
        merged.whenComplete((node, err) -> {
            try {
                if (err != null) {
                    response.setStatus(500);
                    dev.fleetgateway.system.web.Problems.write(response, dev.fleetgateway.system.web.Problems.of(
                            org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR, null,
                            "Internal Server Error", "The cluster-wide list could not be merged"));
                } else {
                    response.setStatus(200);
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.getOutputStream().write(Gatherer.JSON.writeValueAsBytes(node));
                }
            } catch (IOException | RuntimeException e) {
                // the caller left
            } finally {
                async.complete();
            }
        });
    }

    private static Integer integer(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> boolean isEnum(Class<E> type, String value) {
        try {
            Enum.valueOf(type, value.trim());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** Merges the replicas' session pages, newest first, and cuts the asked page out of them. */
    static final class SessionMerge {

        private SessionMerge() {
        }

        static ObjectNode page(Gatherer.Gathered g, int page, int size) {
            List<List<ObjectNode>> lists = new ArrayList<>();
            long total = 0;
            for (Map.Entry<String, JsonNode> e : g.answers().entrySet()) {
                List<JsonNode> pages = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(pages::add);
                } else {
                    pages.add(e.getValue());
                }
                total += pages.get(0).path("totalElements").asLong();
                List<ObjectNode> items = new ArrayList<>();
                for (JsonNode p : pages) {
                    for (JsonNode item : p.path("content")) {
                        ObjectNode o = (ObjectNode) item.deepCopy();
                        o.put("replica", e.getKey());
                        items.add(o);
                    }
                }
                lists.add(items);
            }
            int[] hidden = {0};
            List<ObjectNode> all = merge(lists, (long) (page + 1) * size, hidden);
            total = Math.max(0, total - hidden[0]);
            int from = (int) Math.min((long) page * size, all.size());
            int to = Math.min(from + size, all.size());
            ObjectNode out = Gatherer.JSON.createObjectNode();
            ArrayNode content = out.putArray("content");
            all.subList(from, to).forEach(content::add);
            out.put("page", page);
            out.put("size", size);
            out.put("totalElements", total);
            out.put("totalPages", (total + size - 1) / size);
            ArrayNode missing = out.putArray("unreachableReplicas");
            g.unreachable().forEach(missing::add);
            return out;
        }

        /**
         * Merges the replicas' lists, each newest first in its replica's own order, by taking the newest head each
         * time (ties: the replica listed first). Each replica's order is kept, so the first n of a merge of every
         * replica's first n are the same whatever n is: pages neither repeat nor skip a session.
         * <p>
         * A module that moved shows once: while a takeover is in flight (the new replica has the module, the old
         * one has not yet closed its session, for the few milliseconds a notification takes) the older open
         * session of the same key is left out, since the newer one, met first, is the one calls reach. Such
         * sessions are counted in {@code hidden}.
         */
        private static List<ObjectNode> merge(List<List<ObjectNode>> lists, long limit, int[] hidden) {
            int[] next = new int[lists.size()];
            List<ObjectNode> out = new ArrayList<>();
            java.util.Set<String> openKeys = new java.util.HashSet<>();
            while (out.size() < limit) {
                int best = -1;
                for (int i = 0; i < lists.size(); i++) {
                    if (next[i] < lists.get(i).size() && (best < 0 || openedAt(lists.get(i).get(next[i]))
                            .isAfter(openedAt(lists.get(best).get(next[best]))))) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                ObjectNode item = lists.get(best).get(next[best]++);
                String key = item.path("moduleKey").asString(null);
                if (key != null && "OPEN".equals(item.path("state").asString(null)) && !openKeys.add(key)) {
                    hidden[0]++;
                    continue;
                }
                out.add(item);
            }
            return out;
        }

        private static Instant openedAt(JsonNode item) {
            String t = item.path("openedAt").asString(null);
            try {
                return t == null ? Instant.EPOCH : Instant.parse(t);
            } catch (RuntimeException e) {
                return Instant.EPOCH;
            }
        }
    }
}
