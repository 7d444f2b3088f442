package dev.fleetgateway.deploy;

import static dev.fleetgateway.deploy.Manifests.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The chart runs several replicas as one cluster on PostgreSQL (issue 16): cluster settings from the downward API
 * and a Secret, the internal port reachable from the release's own pods only, a disruption budget, spreading over
 * nodes and a surge rollout; H2 stays single-replica.
 */
@SuppressWarnings("unchecked")
class HelmChartClusterTests {

    private static final String NAME = HelmChart.RELEASE;
    // Rendered offline: Helm's lookup of an earlier generated Secret needs a Kubernetes API.
    private static final Map<String, Object> THREE_ON_POSTGRESQL = Map.of("replicaCount", 3,
            "postgresql.enabled", true, "postgresql.existingSecret", "fleet-gateway-db", "persistence.enabled", false,
            "cluster.keepGeneratedSecret", false);

    @Test
    void severalReplicasNeedPostgresqlAndH2StaysSingle() {
        Map<String, Object> deployment = HelmChart.render(THREE_ON_POSTGRESQL).get("Deployment", NAME);
        assertThat((Integer) path(deployment, "spec", "replicas")).isEqualTo(3);

        assertThatThrownBy(() -> HelmChart.render(Map.of("replicaCount", 3))).hasMessageContaining("postgresql.enabled");
        assertThatThrownBy(() -> HelmChart.render(Map.of("cluster.enabled", true)))
                .hasMessageContaining("cluster.enabled needs postgresql.enabled");
        assertThatThrownBy(() -> HelmChart.render(with(THREE_ON_POSTGRESQL, "cluster.enabled", false)))
                .hasMessageContaining("replicaCount > 1 needs cluster.enabled");
    }

    @Test
    void clusterSettingsComeFromThePodAndASecret() {
        Manifests manifests = HelmChart.render(with(THREE_ON_POSTGRESQL, "cluster.lease", "15s"));
        Map<String, Object> container = container(manifests.get("Deployment", NAME));
        Map<String, String> env = env(container);

        assertThat(env).containsEntry("GATEWAY_CLUSTER_ENABLED", "true")
                .containsEntry("GATEWAY_CLUSTER_INTERNALPORT", "8082").containsEntry("GATEWAY_CLUSTER_LEASE", "15s")
                .containsEntry("GATEWAY_CLUSTER_REPLICAID", "field metadata.name")
                .containsEntry("GATEWAY_CLUSTER_INTERNALADDRESS", "field status.podIP")
                .containsEntry("GATEWAY_CLUSTER_INTERNALSECRET", "secret " + NAME + "-cluster/internal-secret")
                .doesNotContainKey("GATEWAY_CLUSTER_RENEWINTERVAL");
        SpringProperties spring = SpringProperties.load();
        assertThat(env.keySet()).filteredOn(name -> name.startsWith("GATEWAY_CLUSTER_")).hasSize(6)
                .allSatisfy(name -> assertThat(spring.bindsEnv(name)).as(name + " binds to no property").isTrue());

        Map<String, Object> secret = manifests.get("Secret", NAME + "-cluster");
        String generated = new String(Base64.getDecoder().decode((String) path(secret, "data", "internal-secret")));
        assertThat(generated).hasSize(48).matches("[A-Za-z0-9]+");
    }

    @Test
    void anExistingSecretReplacesTheGeneratedOne() {
        Manifests manifests = HelmChart.render(with(with(THREE_ON_POSTGRESQL, "cluster.existingSecret", "peers"),
                "cluster.secretKey", "token"));
        assertThat(env(container(manifests.get("Deployment", NAME))))
                .containsEntry("GATEWAY_CLUSTER_INTERNALSECRET", "secret peers/token");
        assertThat(manifests.find("Secret", NAME + "-cluster")).isEmpty();
    }

    @Test
    void oneReplicaIsNoClusterUnlessAsked() {
        Manifests single = HelmChart.render(Map.of("postgresql.enabled", true, "postgresql.existingSecret", "db",
                "persistence.enabled", false));
        assertThat(env(container(single.get("Deployment", NAME)))).doesNotContainKey("GATEWAY_CLUSTER_ENABLED");
        assertThat(ports(container(single.get("Deployment", NAME)))).doesNotContainKey("internal");
        assertThat(single.find("Secret", NAME + "-cluster")).isEmpty();

        Manifests asked = HelmChart.render(Map.of("postgresql.enabled", true, "postgresql.existingSecret", "db",
                "persistence.enabled", false, "cluster.enabled", true, "cluster.keepGeneratedSecret", false));
        assertThat(env(container(asked.get("Deployment", NAME)))).containsEntry("GATEWAY_CLUSTER_ENABLED", "true");
    }

    @Test
    void internalPortIsAContainerPortOnlyTheReleasesPodsMayReach() {
        Manifests manifests = HelmChart.render(with(THREE_ON_POSTGRESQL, "networkPolicy.enabled", true));
        assertThat(ports(container(manifests.get("Deployment", NAME)))).containsEntry("internal", 8082);

        List<Map<String, Object>> ingress = path(manifests.get("NetworkPolicy", NAME), "spec", "ingress");
        Map<String, Object> internal = ingress.stream()
                .filter(rule -> ((List<Map<String, Object>>) rule.get("ports")).stream()
                        .anyMatch(p -> "internal".equals(p.get("port"))))
                .findFirst().orElseThrow(() -> new AssertionError("no rule for the internal port: " + ingress));
        assertThat((List<Map<String, Object>>) internal.get("ports")).hasSize(1);
        List<Map<String, Object>> from = (List<Map<String, Object>>) internal.get("from");
        assertThat(from).hasSize(1);
        assertThat(from.get(0)).containsOnlyKeys("podSelector");
        Map<String, Object> podLabels = path(manifests.get("Deployment", NAME), "spec", "selector", "matchLabels");
        assertThat((Map<String, Object>) path(from.get(0), "podSelector", "matchLabels")).isEqualTo(podLabels);
        // no other rule admits the internal port
        assertThat(ingress.stream().filter(rule -> rule != internal).flatMap(
                rule -> ((List<Map<String, Object>>) rule.get("ports")).stream()).map(p -> p.get("port")))
                .doesNotContain("internal", 8082);
    }

    @Test
    void severalReplicasGetADisruptionBudgetOfOne() {
        Map<String, Object> pdb = HelmChart.render(THREE_ON_POSTGRESQL).get("PodDisruptionBudget", NAME);
        assertThat((Integer) path(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat((Object) path(pdb, "spec", "minAvailable")).isNull();

        assertThat(HelmChart.render(Map.of()).ofKind("PodDisruptionBudget")).as("one replica").isEmpty();
        assertThat(HelmChart.render(with(THREE_ON_POSTGRESQL, "podDisruptionBudget.enabled", false))
                .ofKind("PodDisruptionBudget")).as("turned off").isEmpty();
    }

    @Test
    void severalReplicasPreferDifferentNodesUnlessAffinityIsGiven() {
        Map<String, Object> deployment = HelmChart.render(THREE_ON_POSTGRESQL).get("Deployment", NAME);
        List<Map<String, Object>> preferred = path(deployment, "spec", "template", "spec", "affinity",
                "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
        assertThat(preferred).hasSize(1);
        Map<String, Object> term = (Map<String, Object>) preferred.get(0).get("podAffinityTerm");
        assertThat(term).containsEntry("topologyKey", "kubernetes.io/hostname");
        assertThat((Map<String, Object>) path(term, "labelSelector", "matchLabels"))
                .isEqualTo(path(deployment, "spec", "selector", "matchLabels"));
        assertThat((Object) path(deployment, "spec", "template", "spec", "affinity", "podAntiAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution")).as("only preferred: a small cluster still schedules")
                .isNull();

        assertThat((Object) path(HelmChart.render(Map.of()).get("Deployment", NAME), "spec", "template", "spec",
                "affinity")).as("one replica").isNull();
        Map<String, Object> own = HelmChart.render(with(THREE_ON_POSTGRESQL,
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key",
                "pool")).get("Deployment", NAME);
        assertThat((Map<String, Object>) path(own, "spec", "template", "spec", "affinity")).containsOnlyKeys("nodeAffinity");
    }

    @Test
    void postgresqlRollsOutOnePodAtATimeWithoutLosingCapacityAndH2Recreates() {
        Map<String, Object> strategy = path(HelmChart.render(THREE_ON_POSTGRESQL).get("Deployment", NAME), "spec",
                "strategy");
        assertThat(strategy).containsEntry("type", "RollingUpdate");
        assertThat((Map<String, Object>) strategy.get("rollingUpdate")).containsEntry("maxUnavailable", 0)
                .containsEntry("maxSurge", 1);

        assertThat((String) path(HelmChart.render(Map.of()).get("Deployment", NAME), "spec", "strategy", "type"))
                .isEqualTo("Recreate");
    }

    @Test
    void schemaRefusesAClusterLeaseWithoutUnit() {
        assertThatThrownBy(() -> HelmChart.render(with(THREE_ON_POSTGRESQL, "cluster.lease", "10")))
                .hasMessageContaining("lease");
    }

    // --- helpers over the parsed YAML ---

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> sets = new LinkedHashMap<>(base);
        sets.put(key, value);
        return sets;
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = path(workload, "spec", "template", "spec", "containers");
        return containers.get(0);
    }

    private static Map<String, Integer> ports(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ((List<Map<String, Object>>) container.get("ports"))
                .forEach(p -> ports.put((String) p.get("name"), (Integer) p.get("containerPort")));
        return ports;
    }

    /** Container env as name -> value, "secret NAME/KEY" for a secret and "field PATH" for the downward API. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> var : (List<Map<String, Object>>) container.get("env")) {
            Map<String, Object> secret = path(var, "valueFrom", "secretKeyRef");
            String field = path(var, "valueFrom", "fieldRef", "fieldPath");
            String value = secret != null ? "secret " + secret.get("name") + "/" + secret.get("key")
                    : field != null ? "field " + field : (String) var.get("value");
            assertThat(env.put((String) var.get("name"), value)).as("duplicate " + var.get("name")).isNull();
        }
        return env;
    }
}
