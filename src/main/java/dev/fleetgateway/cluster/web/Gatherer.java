package dev.fleetgateway.cluster.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.ClusterMetrics;
import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.ForwardProperties;
import dev.fleetgateway.cluster.Replica;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every replica (this one included, through its own internal port, so that all answers are alike) for its
 * local part of a list, in parallel, each with {@code gather-timeout}. A replica that fails or is late is left
 * out and named, never failing the whole answer.
 */
final class Gatherer {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What each replica answered, in the directory's order, and which replicas did not. */
    record Gathered(Map<String, JsonNode> answers, List<String> unreachable) {
    }

    private final HttpClient client;
    private final ClusterDirectory directory;
    private final String secret;
    private final ForwardProperties props;
    private final ClusterMetrics metrics;

    Gatherer(HttpClient client, ClusterDirectory directory, ClusterProperties cluster, ForwardProperties props,
            ClusterMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.directory = directory;
        this.secret = cluster.internalSecret();
        this.props = props;
    }

    /**
     * Calls the paths {@code pathsOf} gives for each replica, with the current caller's identity; a replica's
     * answer is its one JSON document, or an array of them when it was asked more than one path (all must come).
     */
    CompletableFuture<Gathered> gather(Function<Replica, List<String>> pathsOf) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        String caller = a == null ? "-" : a.getName();
        String roles = Forwarder.roles(a);
        Map<String, CompletableFuture<List<JsonNode>>> calls = new LinkedHashMap<>();
        for (Replica r : directory.replicas()) {
            List<CompletableFuture<JsonNode>> parts = new ArrayList<>();
            for (String path : pathsOf.apply(r)) {
                parts.add(call(r, path, caller, roles));
            }
            calls.put(r.id(), CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(v -> parts.stream().map(CompletableFuture::join).toList()));
        }
        return CompletableFuture.allOf(calls.values().stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new)).thenApply(v -> {
                    Map<String, JsonNode> answers = new LinkedHashMap<>();
                    List<String> unreachable = new ArrayList<>();
                    calls.forEach((id, f) -> {
                        List<JsonNode> parts = f.isCompletedExceptionally() ? null : f.join();
                        if (parts == null || parts.isEmpty()) {
                            unreachable.add(id);
                        } else {
                            answers.put(id, parts.size() == 1 ? parts.get(0) : JSON.valueToTree(parts));
                        }
                    });
                    metrics.gathered(unreachable.size());
                    return new Gathered(answers, unreachable);
                });
    }

    private CompletableFuture<JsonNode> call(Replica r, String pathAndQuery, String caller, String roles) {
        String base = r.internalUri().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(props.gatherTimeout()).GET()
                .header("Accept", "application/json")
                .header(ClusterHeaders.SECRET, secret).header(ClusterHeaders.CALLER, caller)
                .header(ClusterHeaders.ROLES, roles).header(ClusterHeaders.VIA, directory.self().id()).build();
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(props.gatherTimeout().toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(resp -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("replica " + r.id() + " answered " + resp.statusCode());
                    }
                    return JSON.readTree(resp.body());
                });
    }
}
