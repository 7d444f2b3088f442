package dev.fleetgateway.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every property the application knows, from the configuration metadata of this project (written by
 * spring-boot-configuration-processor) and of Boot's jars on the classpath.
 */
final class SpringProperties {

    private static final String[] METADATA = {"META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json"};

    /** Property name -> its metadata entry (type, defaultValue). */
    private final Map<String, JsonNode> properties;

    private SpringProperties(Map<String, JsonNode> properties) {
        this.properties = properties;
    }

    static SpringProperties load() {
        Map<String, JsonNode> properties = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        ClassLoader loader = SpringProperties.class.getClassLoader();
        try {
            for (String resource : METADATA) {
                for (URL url : Collections.list(loader.getResources(resource))) {
                    try (InputStream in = url.openStream()) {
                        json.readTree(in).path("properties").forEach(p -> properties.putIfAbsent(p.get("name").asText(), p));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpringProperties(properties);
    }

    /** Spring's relaxed binding from an environment variable: dots to underscores, no dashes, upper case. */
    static String envName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    int size() {
        return properties.size();
    }

    String defaultValue(String property) {
        JsonNode p = properties.get(property);
        return p == null || !p.has("defaultValue") ? null : p.get("defaultValue").asText();
    }

    /**
     * Whether an environment variable binds to a known property: exactly, or below a map-typed property
     * ({@code LOGGING_LEVEL_DEV_FLEETGATEWAY} binds into {@code logging.level}).
     */
    boolean bindsEnv(String env) {
        for (Map.Entry<String, JsonNode> p : properties.entrySet()) {
            String name = envName(p.getKey());
            if (env.equals(name)) {
                return true;
            }
            String type = p.getValue().path("type").asText("");
            if (type.startsWith("java.util.Map<") && env.startsWith(name + "_")) {
                return true;
            }
        }
        return false;
    }
}
