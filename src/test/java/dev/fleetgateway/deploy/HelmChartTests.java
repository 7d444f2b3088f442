package dev.fleetgateway.deploy;

import static dev.fleetgateway.deploy.Manifests.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;

/** The Helm chart renders valid, locked-down Kubernetes objects that match the application's settings. */
@SuppressWarnings("unchecked")
class HelmChartTests {

    private static final String NAME = HelmChart.RELEASE;

    private static Manifests defaults;
    private static Manifests production;
    private static SpringProperties spring;

    @BeforeAll
    static void render() {
        defaults = HelmChart.render((Path) null);
        production = HelmChart.render(HelmChart.PRODUCTION_VALUES);
        spring = SpringProperties.load();
    }

    @Test
    void lintsStrictWithDefaultValues(@TempDir Path scratch) {
        LintResult result = HelmChart.lint(null, scratch);
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void lintsStrictWithProductionValues(@TempDir Path scratch) {
        LintResult result = HelmChart.lint(HelmChart.PRODUCTION_VALUES, scratch);
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyRenderedObjectIsAValidKubernetesObject() {
        Manifests statefulSet = HelmChart.render(Map.of("workload.kind", "StatefulSet"));
        for (Manifests manifests : List.of(defaults, production, statefulSet)) {
            assertThat(manifests.objects()).isNotEmpty();
            manifests.objects().forEach(object -> assertThat(KubernetesModel.read(object).getMetadata().getName())
                    .as(manifests.names().toString()).startsWith(NAME));
        }
    }

    @Test
    void strictModelRejectsAnUnknownField() {
        Map<String, Object> deployment = deepCopy(defaults.get("Deployment", NAME));
        Map<String, Object> container = container(deployment);
        container.put("containerPorts", container.remove("ports"));

        assertThatThrownBy(() -> KubernetesModel.read(deployment)).hasMessageContaining("containerPorts");
    }

    @Test
    void containerPortsMatchTheApplicationDefaults() throws IOException {
        int httpPort = applicationYamlPort("server", "port");
        int managementPort = applicationYamlPort("management", "server", "port");
        int modulePort = Integer.parseInt(spring.defaultValue("gateway.modules.port"));

        for (Manifests manifests : List.of(defaults, production)) {
            Map<String, Object> container = container(manifests.get("Deployment", NAME));
            assertThat(containerPort(container, "http")).isEqualTo(httpPort);
            assertThat(containerPort(container, "management")).isEqualTo(managementPort);
            assertThat(containerPort(container, "modules")).isEqualTo(modulePort);
            assertThat(env(container)).containsEntry("SERVER_PORT", String.valueOf(httpPort))
                    .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort))
                    .containsEntry("GATEWAY_MODULES_PORT", String.valueOf(modulePort));
            assertThat(servicePort(manifests.get("Service", NAME))).containsEntry("name", "http")
                    .containsEntry("targetPort", "http");
            assertThat((List<?>) path(manifests.get("Service", NAME), "spec", "ports")).as("REST only").hasSize(1);
            assertThat(servicePort(manifests.get("Service", NAME + "-management"))).containsEntry("name", "management")
                    .containsEntry("targetPort", "management").containsEntry("port", managementPort);
            assertThat((String) path(manifests.get("Service", NAME + "-management"), "spec", "type"))
                    .isEqualTo("ClusterIP");
            assertThat(servicePort(manifests.get("Service", NAME + "-modules"))).containsEntry("name", "modules")
                    .containsEntry("targetPort", "modules").containsEntry("port", modulePort);
        }
    }

    @Test
    void probesPointAtTheActuatorHealthGroupsOnTheManagementPort() {
        Map<String, Object> container = container(defaults.get("Deployment", NAME));
        assertThat((String) path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((String) path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat((String) path(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
            // Plain HTTP even when the REST port serves HTTPS: the management port has no TLS.
            assertThat((String) path(container, probe, "httpGet", "scheme")).as(probe).isNull();
        }
    }

    @Test
    void podRunsLockedDown() {
        Map<String, Object> pod = podSpec(defaults.get("Deployment", NAME));
        Map<String, Object> container = container(defaults.get("Deployment", NAME));

        assertThat((Boolean) path(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((String) path(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat((Boolean) path(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) path(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
        assertThat((List<Object>) path(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");
        assertThat(volumeMountPaths(container)).contains("/tmp");
        assertThat((Boolean) pod.get("automountServiceAccountToken")).isFalse();
    }

    @Test
    void serviceMonitorOnlyWhenEnabled() {
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();

        Map<String, Object> monitor = production.get("ServiceMonitor", NAME);
        Map<String, Object> endpoint = ((List<Map<String, Object>>) path(monitor, "spec", "endpoints")).get(0);
        assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
        assertThat((Map<String, Object>) path(monitor, "metadata", "labels")).containsEntry("release", "prometheus");
        Map<String, Object> selector = path(monitor, "spec", "selector", "matchLabels");
        Map<String, Object> managementLabels = path(production.get("Service", NAME + "-management"), "metadata",
                "labels");
        assertThat(managementLabels).containsAllEntriesOf(selector);
        // The ServiceMonitor selects the management Service alone: the REST and module Services are not scraped.
        for (String other : List.of(NAME, NAME + "-modules")) {
            Map<String, Object> labels = path(production.get("Service", other), "metadata", "labels");
            assertThat(labels.entrySet().containsAll(selector.entrySet())).as(other).isFalse();
        }
    }

    @Test
    void podsCarryScrapeAnnotations() {
        Map<String, Object> annotations = path(defaults.get("Deployment", NAME), "spec", "template", "metadata",
                "annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus").containsEntry("prometheus.io/port", "8081");
    }

    @Test
    void everyRenderedSettingBindsToAnApplicationProperty() {
        assertThat(spring.size()).as("configuration metadata on the classpath").isGreaterThan(1000);
        for (Manifests manifests : List.of(defaults, production)) {
            assertThat(env(container(manifests.get("Deployment", NAME))).keySet())
                    .filteredOn(name -> !name.equals("JDK_JAVA_OPTIONS")) // read by the java launcher, not Spring
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(spring.bindsEnv(name)).as(name + " binds to no property").isTrue());
        }
    }

    @Test
    void logsStructuredEcsJsonByDefaultAndPlainTextWhenTheFormatIsEmpty() {
        assertThat(env(container(defaults.get("Deployment", NAME))))
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        assertThat(spring.bindsEnv("LOGGING_STRUCTURED_FORMAT_CONSOLE")).isTrue();
        assertThat(env(container(HelmChart.render(Map.of("logging.format", "logstash")).get("Deployment", NAME))))
                .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "logstash");
        assertThat(env(container(HelmChart.render(Map.of("logging.format", "")).get("Deployment", NAME))))
                .doesNotContainKey("LOGGING_STRUCTURED_FORMAT_CONSOLE");
        assertThatThrownBy(() -> HelmChart.render(Map.of("logging.format", "xml")))
                .hasMessageContaining("format");
    }

    @Test
    void everyTypedGatewayKeyInValuesIsAnApplicationProperty() {
        Map<String, Object> modules = path(HelmChart.readYaml(HelmChart.DIR.resolve("values.yaml")), "gateway",
                "modules");
        Map<String, String> keys = new LinkedHashMap<>();
        flatten("gateway.modules", modules, keys);

        assertThat(keys).hasSizeGreaterThan(30).allSatisfy((key, env) -> assertThat(spring.bindsEnv(env))
                .as(key + " (" + env + ") is no gateway property").isTrue());
        assertThat(modules.get("shutdownGrace")).isEqualTo(spring.defaultValue("gateway.modules.shutdown-grace"));

        Map<String, String> registry = new LinkedHashMap<>();
        flatten("gateway.registry", path(HelmChart.readYaml(HelmChart.DIR.resolve("values.yaml")), "gateway",
                "registry"), registry);
        assertThat(registry).containsKeys("gateway.registry.unknownModules", "gateway.registry.requireCredential",
                "gateway.registry.maxCredentials").allSatisfy((key, env) -> assertThat(spring.bindsEnv(env))
                        .as(key + " (" + env + ") is no gateway property").isTrue());
    }

    @Test
    void carriesTheCredentialPolicyAndItsSchemaRefusesAnUnknownPolicy() {
        Map<String, String> env = env(container(production.get("Deployment", NAME)));
        assertThat(env).containsEntry("GATEWAY_REGISTRY_UNKNOWNMODULES", "REJECT")
                .containsEntry("GATEWAY_REGISTRY_REQUIRECREDENTIAL", "true")
                .containsEntry("GATEWAY_MODULES_HELLO_CHALLENGE", "true");
        assertThat(env(container(defaults.get("Deployment", NAME)))).doesNotContainKey("GATEWAY_REGISTRY_UNKNOWNMODULES");
        assertThatThrownBy(() -> HelmChart.render(Map.of("gateway.registry.unknownModules", "IGNORE")))
                .hasMessageContaining("unknownModules");
        assertThatThrownBy(() -> HelmChart.render(Map.of("gateway.registry.maxCredentials", "0")))
                .hasMessageContaining("maxCredentials");
    }

    @Test
    void renderedValuesKeepWholeNumbersAndConfigEntries() {
        Map<String, String> env = env(container(production.get("Deployment", NAME)));
        assertThat(env).containsEntry("GATEWAY_MODULES_MAXSESSIONS", "1000000")
                .containsEntry("GATEWAY_MODULES_HELLO_REQUIRED", "true")
                .containsEntry("GATEWAY_MODULES_FRAMING_DELIMITER", "\\n")
                .containsEntry("LOGGING_LEVEL_DEV_FLEETGATEWAY", "INFO")
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS", "when-authorized")
                .doesNotContainKey("GATEWAY_MODULES_READIDLE_");
        assertThat(env(container(defaults.get("Deployment", NAME)))).doesNotContainKey("GATEWAY_MODULES_READIDLE");
    }

    @Test
    void terminationGraceCoversPreStopHttpDrainAndModuleDrain() {
        assertThat((Integer) path(podSpec(defaults.get("Deployment", NAME)), "terminationGracePeriodSeconds"))
                .isEqualTo(5 + 20 + 10 + 5);
        assertThat((Integer) path(podSpec(production.get("Deployment", NAME)), "terminationGracePeriodSeconds"))
                .isEqualTo(5 + 30 + 15 + 5);
        Map<String, Object> container = container(defaults.get("Deployment", NAME));
        assertThat((List<Object>) path(container, "lifecycle", "preStop", "exec", "command")).containsExactly("sleep", "5");
        assertThat(env(container)).containsEntry("GATEWAY_MODULES_SHUTDOWNGRACE", "10s")
                .containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "20s");
    }

    @Test
    void refusesAModuleDrainLongerThanTheShutdownPhase() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("gateway.modules.shutdownGrace", "30s")))
                .hasMessageContaining("shutdownGrace must be shorter");
    }

    @Test
    void keepsTheH2StoreOnAVolumeOfOnePod() {
        Map<String, Object> deployment = defaults.get("Deployment", NAME);
        assertThat(defaults.find("PersistentVolumeClaim", NAME + "-data")).isPresent();
        assertThat(env(container(deployment)).get("SPRING_DATASOURCE_URL")).startsWith("jdbc:h2:file:/app/data/");
        assertThat(volumeMountPaths(container(deployment))).contains("/app/data");
        assertThat((String) path(deployment, "spec", "strategy", "type")).isEqualTo("Recreate");

        assertThatThrownBy(() -> HelmChart.render(Map.of("replicaCount", 2)))
                .hasMessageContaining("needs postgresql.enabled");
    }

    @Test
    void productionUsesPostgresqlFromASecret() {
        Map<String, Object> deployment = production.get("Deployment", NAME);
        Map<String, String> env = env(container(deployment));
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                .containsEntry("SPRING_DATASOURCE_URL", "secret fleet-gateway-db/url")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "secret fleet-gateway-db/username")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret fleet-gateway-db/password");
        assertThat(production.ofKind("PersistentVolumeClaim")).isEmpty();
        assertThat(production.ofKind("Secret")).as("the existing secret is used").isEmpty();
        assertThat((Integer) path(deployment, "spec", "replicas")).isEqualTo(2);
        assertThat((String) path(deployment, "spec", "strategy", "type")).isEqualTo("RollingUpdate");
    }

    @Test
    void chartCreatesThePostgresqlSecretWhenGivenCredentials() {
        Manifests manifests = HelmChart.render(Map.of("postgresql.enabled", true,
                "postgresql.url", "jdbc:postgresql://db:5432/fleetgateway", "postgresql.password", "s3cret"));
        Map<String, Object> secret = manifests.get("Secret", NAME + "-postgresql");
        assertThat((Map<String, Object>) secret.get("stringData"))
                .containsEntry("url", "jdbc:postgresql://db:5432/fleetgateway").containsEntry("password", "s3cret");
        assertThat(env(container(manifests.get("Deployment", NAME))))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret fleet-gateway-postgresql/password");
    }

    @Test
    void bootstrapApiKeyComesFromASecretOrIsGeneratedByTheGateway() {
        Manifests created = HelmChart.render(Map.of("apiKeys.bootstrapKey", "fgk_from-values"));
        assertThat((Map<String, Object>) created.get("Secret", NAME + "-api-key").get("stringData"))
                .containsEntry("bootstrap-key", "fgk_from-values");
        assertThat(env(container(created.get("Deployment", NAME))))
                .containsEntry("GATEWAY_SECURITY_BOOTSTRAPKEY", "secret fleet-gateway-api-key/bootstrap-key");
        Manifests existing = HelmChart.render(Map.of("apiKeys.existingSecret", "ops-keys"));
        assertThat(existing.ofKind("Secret")).isEmpty();
        assertThat(env(container(existing.get("Deployment", NAME))))
                .containsEntry("GATEWAY_SECURITY_BOOTSTRAPKEY", "secret ops-keys/bootstrap-key");
        assertThat(env(container(HelmChart.render(Map.of()).get("Deployment", NAME))))
                .as("no key given: the gateway generates one and prints it once")
                .doesNotContainKey("GATEWAY_SECURITY_BOOTSTRAPKEY");
    }

    @Test
    void productionExposesModulesThroughALoadBalancerThatKeepsSourceAddresses() {
        Map<String, Object> modules = production.get("Service", NAME + "-modules");
        assertThat((String) path(modules, "spec", "type")).isEqualTo("LoadBalancer");
        assertThat((String) path(modules, "spec", "externalTrafficPolicy")).isEqualTo("Local");
        assertThat((String) path(production.get("Service", NAME), "spec", "type")).isEqualTo("ClusterIP");
        assertThat((String) path(defaults.get("Service", NAME + "-modules"), "spec", "externalTrafficPolicy"))
                .as("not allowed on ClusterIP").isNull();
    }

    @Test
    void productionHasDisruptionBudgetNetworkPolicyAndDashboard() throws IOException {
        assertThat((Integer) path(production.get("PodDisruptionBudget", NAME), "spec", "minAvailable")).isEqualTo(1);
        List<Map<String, Object>> ingress = path(production.get("NetworkPolicy", NAME), "spec", "ingress");
        assertThat(ingress).extracting(rule -> path(((List<?>) rule.get("ports")).get(0), "port"))
                .containsExactly("http", "management", "modules", "internal"); // two replicas: a cluster
        assertThat(ingress.get(1)).containsKey("from"); // only Prometheus' namespace scrapes
        assertThat(ingress.get(2)).doesNotContainKey("from"); // modules dial from anywhere
        List<Map<String, Object>> egress = path(production.get("NetworkPolicy", NAME), "spec", "egress");
        assertThat(egress).extracting(rule -> path(((List<?>) rule.get("ports")).get(0), "port"))
                .containsExactly(53, 5432, 7000, "internal"); // DNS, PostgreSQL, the outbound.allow entry, the cluster
        // the other replicas' internal port, and only theirs (forwarded calls)
        assertThat(path(((List<?>) egress.get(3).get("to")).get(0), "podSelector", "matchLabels").toString())
                .contains("fleet-gateway");
        assertThat(env(container(production.get("Deployment", NAME))))
                .containsEntry("GATEWAY_OUTBOUND_ALLOW", "10.200.0.0/16:7000-7100")
                .containsEntry("GATEWAY_OUTBOUND_ALLOWPUBLIC", "false");

        Map<String, Object> dashboards = production.get("ConfigMap", NAME + "-dashboards");
        assertThat((Map<String, Object>) path(dashboards, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        String json = (String) path(dashboards, "data", "fleet-gateway-runtime.json");
        assertThat(new ObjectMapper().readTree(json).path("panels").size()).isGreaterThan(0);
        assertThat(json).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count");
        String fleet = (String) path(dashboards, "data", "fleet-gateway-fleet.json");
        assertThat(new ObjectMapper().readTree(fleet).path("uid").asText()).isEqualTo("fleet-gateway-fleet");
        assertThat(defaults.ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void rendersAStatefulSetWithHeadlessServiceAndClaimTemplate() {
        Manifests manifests = HelmChart.render(Map.of("workload.kind", "StatefulSet"));
        Map<String, Object> statefulSet = manifests.get("StatefulSet", NAME);
        assertThat((String) path(statefulSet, "spec", "serviceName")).isEqualTo(NAME + "-headless");
        assertThat((String) path(manifests.get("Service", NAME + "-headless"), "spec", "clusterIP")).isEqualTo("None");
        assertThat((List<?>) path(statefulSet, "spec", "volumeClaimTemplates")).hasSize(1);
        assertThat(manifests.ofKind("Deployment")).isEmpty();
        assertThat(manifests.ofKind("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void schemaRejectsAMisspelledSetting() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("gateway.modules.readIdel", "5m")))
                .hasMessageContaining("readIdel");
        assertThatThrownBy(() -> HelmChart.render(Map.of("service.modules.type", "Ingress")))
                .hasMessageContaining("/service/modules/type");
    }

    @Test
    void tlsMountsTheCertManagerSecretAsAReloadingBundleBesideThePlainPort() {
        Manifests manifests = HelmChart.render(Map.of("tls.enabled", true, "tls.existingSecret", "modules-cert",
                "tls.clientAuth", "NEED", "tls.keyFrom", "^CN=(?<key>[0-9]{15})$", "networkPolicy.enabled", true));
        Map<String, Object> deployment = manifests.get("Deployment", NAME);
        Map<String, Object> container = container(deployment);
        assertThat(env(container)).containsEntry("GATEWAY_MODULES_TLS_BUNDLE", "modules")
                .containsEntry("GATEWAY_MODULES_TLS_PORT", "7743")
                .containsEntry("GATEWAY_MODULES_TLS_CLIENTAUTH", "NEED")
                .containsEntry("GATEWAY_MODULES_TLS_KEYFROM", "^CN=(?<key>[0-9]{15})$")
                .containsEntry("SPRING_SSL_BUNDLE_PEM_MODULES_KEYSTORE_CERTIFICATE", "file:/etc/fleet-gateway/tls/tls.crt")
                .containsEntry("SPRING_SSL_BUNDLE_PEM_MODULES_KEYSTORE_PRIVATEKEY", "file:/etc/fleet-gateway/tls/tls.key")
                .containsEntry("SPRING_SSL_BUNDLE_PEM_MODULES_TRUSTSTORE_CERTIFICATE", "file:/etc/fleet-gateway/tls/ca.crt")
                .containsEntry("SPRING_SSL_BUNDLE_PEM_MODULES_RELOADONUPDATE", "true");
        assertThat(env(container).keySet()).allSatisfy(name -> assertThat(spring.bindsEnv(name) || name.equals(
                "JDK_JAVA_OPTIONS")).as(name + " binds to no property").isTrue());
        assertThat(containerPort(container, "modules")).isEqualTo(7700);
        assertThat(containerPort(container, "modules-tls")).isEqualTo(7743);
        // A directory mount (no subPath), so a renewed certificate reaches the running pod.
        Map<String, Object> mount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(m -> "tls".equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(mount).containsEntry("mountPath", "/etc/fleet-gateway/tls").doesNotContainKey("subPath");
        List<Map<String, Object>> volumes = path(podSpec(deployment), "volumes");
        assertThat(volumes).anySatisfy(v -> assertThat((String) path(v, "secret", "secretName"))
                .isEqualTo("modules-cert"));
        assertThat(manifests.ofKind("Secret")).as("the cert-manager Secret is used").isEmpty();
        List<Map<String, Object>> ports = path(manifests.get("Service", NAME + "-modules"), "spec", "ports");
        assertThat(ports).extracting(p -> p.get("name")).containsExactly("modules", "modules-tls");
        List<Map<String, Object>> ingress = path(manifests.get("NetworkPolicy", NAME), "spec", "ingress");
        assertThat((List<Map<String, Object>>) ingress.get(2).get("ports")).extracting(p -> p.get("port"))
                .containsExactly("modules", "modules-tls");
        KubernetesModel.read(deployment);
    }

    @Test
    void chartCreatesTheCertificateSecretFromValuesAndCanCloseThePlainPort() {
        Manifests manifests = HelmChart.render(Map.of("tls.enabled", true, "tls.plainPort", false,
                "tls.certificate", "-----BEGIN CERTIFICATE-----", "tls.privateKey", "-----BEGIN PRIVATE KEY-----"));
        Map<String, Object> secret = manifests.get("Secret", NAME + "-tls");
        assertThat((String) secret.get("type")).isEqualTo("kubernetes.io/tls");
        assertThat((Map<String, Object>) secret.get("stringData")).containsOnlyKeys("tls.crt", "tls.key");
        Map<String, Object> container = container(manifests.get("Deployment", NAME));
        assertThat(env(container)).containsEntry("GATEWAY_MODULES_TLS_PLAINPORT", "false")
                .doesNotContainKey("SPRING_SSL_BUNDLE_PEM_MODULES_TRUSTSTORE_CERTIFICATE");
        assertThat((List<Map<String, Object>>) container.get("ports")).extracting(p -> p.get("name"))
                .containsExactly("http", "management", "modules-tls");
        assertThat((List<Map<String, Object>>) path(manifests.get("Service", NAME + "-modules"), "spec", "ports"))
                .extracting(p -> p.get("name")).containsExactly("modules-tls");
        assertThatThrownBy(() -> HelmChart.render(Map.of("tls.enabled", true)))
                .hasMessageContaining("tls.certificate is required");
    }

    @Test
    void perSourceLimitsAreGatewaySettingsTheSchemaChecks() {
        Manifests manifests = HelmChart.render(Map.of("gateway.modules.limits.sourceSessions", 50,
                "gateway.modules.limits.sourceConnectRate", 20, "gateway.modules.limits.failureBackoff", "1m"));
        assertThat(env(container(manifests.get("Deployment", NAME))))
                .containsEntry("GATEWAY_MODULES_LIMITS_SOURCESESSIONS", "50")
                .containsEntry("GATEWAY_MODULES_LIMITS_SOURCECONNECTRATE", "20")
                .containsEntry("GATEWAY_MODULES_LIMITS_FAILUREBACKOFF", "1m");
        assertThatThrownBy(() -> HelmChart.render(Map.of("gateway.modules.limits.sourceSessions", -1)))
                .hasMessageContaining("sourceSessions");
        assertThatThrownBy(() -> HelmChart.render(Map.of("tls.clientAuth", "ALWAYS")))
                .hasMessageContaining("/tls/clientAuth");
    }

    @Test
    void dataPlanePortIsOffByDefaultAndRendersEnvContainerAndServicePortWhenEnabled() {
        Map<String, Object> plain = container(defaults.get("Deployment", NAME));
        assertThat(env(plain)).doesNotContainKeys("GATEWAY_DATAPLANE_ENABLED", "GATEWAY_DATAPLANE_PORT");
        assertThat((List<Map<String, Object>>) plain.get("ports")).noneMatch(p -> "data-plane".equals(p.get("name")));

        Manifests manifests = HelmChart.render(Map.of("dataPlane.enabled", true, "dataPlane.port", 9090,
                "networkPolicy.enabled", true));
        Map<String, Object> container = container(manifests.get("Deployment", NAME));
        assertThat(env(container)).containsEntry("GATEWAY_DATAPLANE_ENABLED", "true")
                .containsEntry("GATEWAY_DATAPLANE_PORT", "9090");
        assertThat(spring.bindsEnv("GATEWAY_DATAPLANE_ENABLED")).isTrue();
        assertThat(spring.bindsEnv("GATEWAY_DATAPLANE_PORT")).isTrue();
        assertThat(containerPort(container, "data-plane")).isEqualTo(9090);
        assertThat((List<Map<String, Object>>) path(manifests.get("Service", NAME), "spec", "ports"))
                .anySatisfy(p -> assertThat(p).containsEntry("name", "data-plane").containsEntry("port", 9090)
                        .containsEntry("targetPort", "data-plane"));
        List<Map<String, Object>> ingress = path(manifests.get("NetworkPolicy", NAME), "spec", "ingress");
        assertThat(ingress).anySatisfy(rule -> assertThat((List<Map<String, Object>>) rule.get("ports"))
                .anySatisfy(p -> assertThat(p).containsEntry("port", "data-plane")));
        assertThatThrownBy(() -> HelmChart.render(Map.of("dataPlane.port", "x"))).isNotNull();
    }

    @Test
    void restPortServesHttpsFromTheModulePortsSecretWhenAsked() {
        Manifests manifests = HelmChart.render(Map.of("tls.enabled", true, "tls.existingSecret", "gateway-cert",
                "tls.http", true));
        Map<String, String> env = env(container(manifests.get("Deployment", NAME)));
        assertThat(env).containsEntry("SERVER_SSL_BUNDLE", "modules")
                .containsEntry("SPRING_SSL_BUNDLE_PEM_MODULES_RELOADONUPDATE", "true");
        assertThat(spring.bindsEnv("SERVER_SSL_BUNDLE")).isTrue();
        assertThat(env(container(HelmChart.render(Map.of("tls.enabled", true, "tls.existingSecret", "gateway-cert"))
                .get("Deployment", NAME)))).doesNotContainKey("SERVER_SSL_BUNDLE");
        assertThatThrownBy(() -> HelmChart.render(Map.of("tls.http", true))).hasMessageContaining("needs tls.enabled");
    }

    @Test
    void egressAdmitsDnsPostgresqlAndExactlyTheOutboundAllowListTheApplicationIsGiven(@TempDir Path dir)
            throws Exception {
        Path values = dir.resolve("egress.yaml");
        java.nio.file.Files.writeString(values, """
                networkPolicy:
                  enabled: true
                  egress:
                    postgresql:
                      to:
                        - ipBlock:
                            cidr: 10.9.0.10/32
                postgresql:
                  enabled: true
                  existingSecret: db
                outbound:
                  allow:
                    - cidr: 10.20.0.0/16
                      port: 502
                      endPort: 503
                    - cidr: fd00:1::/64
                      port: 8883
                    - cidr: 192.168.7.9/32
                """);
        Manifests manifests = HelmChart.render(values);
        Map<String, Object> policy = manifests.get("NetworkPolicy", NAME);
        assertThat((List<String>) path(policy, "spec", "policyTypes")).containsExactly("Ingress", "Egress");
        List<Map<String, Object>> egress = path(policy, "spec", "egress");
        assertThat(egress).hasSize(5);

        assertThat((List<Map<String, Object>>) egress.get(0).get("ports")).extracting(p -> p.get("port") + "/"
                + p.get("protocol")).containsExactly("53/UDP", "53/TCP");
        assertThat((Map<String, String>) path(((List<?>) egress.get(0).get("to")).get(0), "podSelector",
                "matchLabels")).containsEntry("k8s-app", "kube-dns");
        assertThat((List<Map<String, Object>>) egress.get(1).get("ports")).extracting(p -> p.get("port"))
                .containsExactly(5432);
        assertThat((String) path(((List<?>) egress.get(1).get("to")).get(0), "ipBlock", "cidr"))
                .isEqualTo("10.9.0.10/32");

        // The application is given the very same list, and parses it to the same networks and ports.
        Map<String, String> env = env(container(manifests.get("Deployment", NAME)));
        assertThat(env).containsEntry("GATEWAY_OUTBOUND_ALLOW", "10.20.0.0/16:502-503,[fd00:1::/64]:8883,192.168.7.9/32")
                .containsEntry("GATEWAY_OUTBOUND_ALLOWPUBLIC", "false");
        List<String> fromApplication = new java.util.ArrayList<>();
        for (String entry : env.get("GATEWAY_OUTBOUND_ALLOW").split(",")) {
            fromApplication.add(parsedByTheApplication(entry));
        }
        List<String> fromNetwork = new java.util.ArrayList<>();
        for (Map<String, Object> rule : egress.subList(2, 5)) {
            String[] cidr = ((String) path(((List<?>) rule.get("to")).get(0), "ipBlock", "cidr")).split("/");
            Map<String, Object> port = ((List<Map<String, Object>>) rule.get("ports")).get(0);
            assertThat(port).containsEntry("protocol", "TCP");
            Object low = port.getOrDefault("port", 0);
            fromNetwork.add(java.net.InetAddress.getByName(cidr[0]).getHostAddress() + "/" + cidr[1] + " " + low
                    + "-" + port.getOrDefault("endPort", low));
        }
        assertThat(fromNetwork).containsExactly("10.20.0.0/16 502-503", "fd00:1:0:0:0:0:0:0/64 8883-8883",
                "192.168.7.9/32 0-0");
        assertThat(fromApplication).containsExactlyElementsOf(fromNetwork);
        KubernetesModel.read(policy);
    }

    @Test
    void withoutTheNetworkPolicyTheAllowListStillReachesTheApplicationAndEgressCanStayOpen() {
        assertThat(env(container(defaults.get("Deployment", NAME)))).doesNotContainKeys("GATEWAY_OUTBOUND_ALLOW",
                "GATEWAY_OUTBOUND_ALLOWPUBLIC");
        Manifests noPolicy = HelmChart.render(Map.of("outbound.allow[0].cidr", "10.1.0.0/16",
                "outbound.allowPublic", false));
        assertThat(noPolicy.ofKind("NetworkPolicy")).isEmpty();
        assertThat(env(container(noPolicy.get("Deployment", NAME)))).containsEntry("GATEWAY_OUTBOUND_ALLOW",
                "10.1.0.0/16").containsEntry("GATEWAY_OUTBOUND_ALLOWPUBLIC", "false");

        Manifests ingressOnly = HelmChart.render(Map.of("networkPolicy.enabled", true,
                "networkPolicy.egress.enabled", false));
        Map<String, Object> policy = ingressOnly.get("NetworkPolicy", NAME);
        assertThat((List<String>) path(policy, "spec", "policyTypes")).containsExactly("Ingress");
        assertThat((Map<String, Object>) policy.get("spec")).doesNotContainKey("egress");
        assertThat(env(container(ingressOnly.get("Deployment", NAME)))).doesNotContainKey("GATEWAY_OUTBOUND_ALLOWPUBLIC");

        assertThatThrownBy(() -> HelmChart.render(Map.of("outbound.allow[0].cidr", "db.example.com")))
                .hasMessageContaining("cidr");
    }

    /** An entry as the application's parser reads it: "network/prefix low-high" (0-0: any port). */
    private static String parsedByTheApplication(String entry) throws Exception {
        Class<?> type = Class.forName("dev.fleetgateway.usocket.AllowEntry");
        java.lang.reflect.Method parse = type.getDeclaredMethod("parse", String.class);
        parse.setAccessible(true);
        Object parsed = parse.invoke(null, entry);
        java.util.function.Function<String, Object> get = name -> {
            try {
                java.lang.reflect.Method m = type.getDeclaredMethod(name);
                m.setAccessible(true);
                return m.invoke(parsed);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
        String network = java.net.InetAddress.getByAddress((byte[]) get.apply("network")).getHostAddress();
        return network + "/" + get.apply("prefix") + " " + get.apply("portLow") + "-" + get.apply("portHigh");
    }

    @Test
    void chartReadmeSaysWhatIsExposedWhere() throws IOException {
        String readme = java.nio.file.Files.readString(HelmChart.DIR.resolve("README.md"));
        assertThat(readme).contains("/api/v1", "/swagger-ui.html", "/v3/api-docs", "/actuator/health/liveness",
                "/actuator/health/readiness", "/actuator/prometheus", NAME + "-management", NAME + "-modules");
        assertThat(readme).contains("outbound.allow", "networkPolicy.egress", "gateway.outbound.allow");
    }

    // --- helpers over the parsed YAML ---

    private static int applicationYamlPort(String... keys) throws IOException {
        try (InputStream in = HelmChartTests.class.getClassLoader().getResourceAsStream("application.yml")) {
            Map<String, Object> yaml = new Yaml().load(in);
            return (Integer) path(yaml, keys);
        }
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return path(workload, "spec", "template", "spec");
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = path(podSpec(workload), "containers");
        return containers.get(0);
    }

    private static int containerPort(Map<String, Object> container, String name) {
        return ((List<Map<String, Object>>) container.get("ports")).stream().filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst().orElseThrow();
    }

    private static Map<String, Object> servicePort(Map<String, Object> service) {
        return ((List<Map<String, Object>>) path(service, "spec", "ports")).get(0);
    }

    private static List<String> volumeMountPaths(Map<String, Object> container) {
        return ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .map(m -> (String) m.get("mountPath")).toList();
    }

    /** Container env as name -> value, or "secret NAME/KEY" for a secret reference. */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> var : (List<Map<String, Object>>) container.get("env")) {
            Map<String, Object> ref = path(var, "valueFrom", "secretKeyRef");
            String value = ref != null ? "secret " + ref.get("name") + "/" + ref.get("key") : (String) var.get("value");
            assertThat(env.put((String) var.get("name"), value)).as("duplicate " + var.get("name")).isNull();
        }
        return env;
    }

    /** values.yaml keys below a prefix -> the environment variable the chart renders for each. */
    private static void flatten(String prefix, Map<String, Object> values, Map<String, String> out) {
        values.forEach((key, value) -> {
            String name = prefix + "." + key;
            if (value instanceof Map<?, ?> map) {
                flatten(name, (Map<String, Object>) map, out);
            } else {
                out.put(name, SpringProperties.envName(name));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> object) {
        Yaml yaml = new Yaml();
        return (Map<String, Object>) yaml.load(yaml.dump(object));
    }
}
