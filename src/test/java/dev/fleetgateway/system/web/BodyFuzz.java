package dev.fleetgateway.system.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies for the fuzzer, from the OpenAPI schemas: plausible bodies, then the same with an unknown
 * field, a value of the wrong type, broken or truncated JSON, a body over the size limit, deep nesting.
 * Any field that could name a host or address only ever gets a loopback literal: the fuzzer must never make
 * the service dial or resolve anything outside 127.0.0.0/8.
 */
final class BodyFuzz {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ADDRESS_FIELD = Pattern.compile("(?i).*(host|address|target|url|uri).*");
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "127.0.0.2");
    private static final List<String> STRINGS = List.of("", "x", "866327040123456", "0", "-1", "5s", "100ms",
            "PT1S", "text", "hex", "base64", "00ff", "é✓", "null", "\u0000", "%zz", "../..", "a".repeat(300));

    private final JsonNode components;
    private final Random random;

    BodyFuzz(JsonNode doc, Random random) {
        this.components = doc.path("components").path("schemas");
        this.random = random;
    }

    /** A body for the schema, mutated one way or another; the description says how. */
    record Body(String kind, byte[] bytes) {
    }

    Body next(JsonNode schema, long sizeLimit) {
        int pick = random.nextInt(100);
        if (schema == null || pick < 4) {
            return new Body("empty", new byte[0]);
        }
        JsonNode value = value(schema, "", 0);
        if (pick < 30) {
            return json("plausible", value);
        }
        if (pick < 45 && value instanceof ObjectNode o) {
            o.put(random.nextBoolean() ? "profile" : "unknownField" + random.nextInt(5), "x");
            return json("unknown-field", o);
        }
        if (pick < 65 && value instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = List.copyOf(o.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            o.set(name, wrongType(o.get(name)));
            return json("wrong-type:" + name, o);
        }
        if (pick < 75) {
            byte[] b = bytes(value);
            return new Body("truncated", java.util.Arrays.copyOf(b, Math.max(0, random.nextInt(b.length + 1) - 1)));
        }
        if (pick < 80) {
            return new Body("garbage", switch (random.nextInt(6)) {
                case 0 -> "{\"a\":".getBytes(StandardCharsets.UTF_8);
                case 1 -> "[1,2,".getBytes(StandardCharsets.UTF_8);
                case 2 -> "nul".getBytes(StandardCharsets.UTF_8);
                case 3 -> new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1};
                case 4 -> "{\"data\":\"\\uZZZZ\"}".getBytes(StandardCharsets.UTF_8);
                default -> "{} {}".getBytes(StandardCharsets.UTF_8);
            });
        }
        if (pick < 84) {
            return new Body("deep", ("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 87) {
            // over the declared-length limit: refused before it is read
            return new Body("oversized", ("{\"data\":\"" + "x".repeat((int) sizeLimit + 10) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 93) {
            return json("scalar", switch (random.nextInt(4)) {
                case 0 -> NODES.numberNode(123);
                case 1 -> NODES.stringNode("x");
                case 2 -> NODES.nullNode();
                default -> NODES.arrayNode().add(value);
            });
        }
        return json("big-numbers", replaceNumbers(value));
    }

    private Body json(String kind, JsonNode node) {
        return new Body(kind, bytes(node));
    }

    private static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    private JsonNode wrongType(JsonNode v) {
        if (v == null || v.isString()) {
            return random.nextBoolean() ? NODES.numberNode(123) : NODES.booleanNode(true);
        }
        if (v.isNumber() || v.isBoolean()) {
            return random.nextBoolean() ? NODES.stringNode("5") : NODES.objectNode();
        }
        return random.nextBoolean() ? NODES.stringNode("x") : NODES.numberNode(1);
    }

    private JsonNode replaceNumbers(JsonNode v) {
        if (v instanceof ObjectNode o) {
            for (String name : List.copyOf(o.propertyNames())) {
                JsonNode f = o.get(name);
                if (f.isNumber()) {
                    o.set(name, NODES.numberNode(random.nextBoolean() ? new java.math.BigInteger("99999999999999999999")
                            : java.math.BigInteger.valueOf(Long.MIN_VALUE)));
                } else {
                    o.set(name, replaceNumbers(f));
                }
            }
        }
        return v;
    }

    /** A plausible value for a schema; depth bounds recursive schemas. */
    JsonNode value(JsonNode schema, String field, int depth) {
        JsonNode s = resolve(schema);
        if (depth > 4) {
            return NODES.nullNode();
        }
        if (s.has("enum") && s.get("enum").size() > 0) {
            return random.nextInt(10) == 0 ? NODES.stringNode("NOT_A_VALUE") : s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        String type = type(s);
        switch (type) {
            case "object" -> {
                ObjectNode o = NODES.objectNode();
                for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
                    if (random.nextInt(3) > 0) {
                        o.set(p.getKey(), value(p.getValue(), p.getKey(), depth + 1));
                    }
                }
                if (s.path("additionalProperties").isObject() && random.nextBoolean()) {
                    o.set("k" + random.nextInt(3), value(s.get("additionalProperties"), field, depth + 1));
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(value(s.path("items"), field, depth + 1));
                }
                return a;
            }
            case "integer", "number" -> {
                return NODES.numberNode(switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> -1;
                    case 2 -> 1;
                    case 3 -> 2;
                    case 4 -> 65536;
                    default -> Integer.MAX_VALUE;
                });
            }
            case "boolean" -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            default -> {
                if (ADDRESS_FIELD.matcher(field).matches()) {
                    return NODES.stringNode(LOOPBACK.get(random.nextInt(LOOPBACK.size())));
                }
                return NODES.stringNode(STRINGS.get(random.nextInt(STRINGS.size())));
            }
        }
    }

    private JsonNode resolve(JsonNode s) {
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.get("$ref").asString();
            s = components.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (s.has("allOf") && s.get("allOf").size() > 0) {
            return resolve(s.get("allOf").get(0));
        }
        if (s.has("oneOf") && s.get("oneOf").size() > 0) {
            return resolve(s.get("oneOf").get(0));
        }
        return s;
    }

    private static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (!"null".equals(e.asString())) {
                    return e.asString();
                }
            }
        }
        if (t.isString()) {
            return t.asString();
        }
        return s.has("properties") ? "object" : s.has("items") ? "array" : "string";
    }
}
