package dev.fleetgateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The chart under helm/fleet-gateway, linted and rendered by the Helm library embedded in helm-java. */
final class HelmChart {

    static final Path DIR = Path.of("helm/fleet-gateway").toAbsolutePath();
    static final Path PRODUCTION_VALUES = DIR.resolve("ci/production-values.yaml");
    static final String RELEASE = "fleet-gateway";
    static final String NAMESPACE = "fleet";

    private HelmChart() {
    }

    /** Renders the chart with its defaults, or with a values file over them. */
    static Manifests render(Path valuesFile) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return Manifests.parse(template.call());
    }

    /** Renders the chart with the defaults plus the given --set style values. */
    static Manifests render(Map<String, Object> sets) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return Manifests.parse(template.call());
    }

    /**
     * {@code helm lint --strict}, with a values file merged over the defaults. helm-java's lint takes no
     * values file, so the chart is copied and the merged values become the copy's values.yaml.
     */
    static LintResult lint(Path valuesFile, Path scratch) {
        if (valuesFile == null) {
            return new Helm(DIR).lint().strict().call();
        }
        Path copy = scratch.resolve("fleet-gateway");
        copyTree(DIR, copy);
        Map<String, Object> merged = merge(readYaml(DIR.resolve("values.yaml")), readYaml(valuesFile));
        write(copy.resolve("values.yaml"), new Yaml().dump(merged));
        return new Helm(copy).lint().strict().call();
    }

    static Map<String, Object> readYaml(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing: maps merge key by key, anything else in the override replaces, null removes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object current = result.get(key);
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> currentMap) {
                result.put(key, merge((Map<String, Object>) currentMap, (Map<String, Object>) map));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            List<Path> all = new ArrayList<>(files.toList());
            for (Path source : all) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
