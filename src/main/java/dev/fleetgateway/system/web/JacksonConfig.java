package dev.fleetgateway.system.web;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON forms the API accepts beyond Jackson's defaults: durations as {@code 5s}/{@code 500ms} (as in the
 * configuration) or a number of seconds, and data sizes as {@code 64KB} or a number of bytes. Everything else is
 * strict: an unknown field or a value of the wrong type is a 400 naming the field, never silently ignored or
 * converted.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfig {

    // A typo ("profile" for "profiles") must not give an idle fleet, and {"data":123} must not send "123":
    // unknown fields fail, and no scalar is converted into another type (number <-> string, number -> enum,
    // string -> boolean). Integers are still accepted where a decimal is expected: 1 is valid JSON for 1.0.
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    @Bean
    SimpleModule fleetGatewayJsonModule() {
        SimpleModule m = new SimpleModule("fleet-gateway");
        m.addDeserializer(Duration.class, new ValueDeserializer<Duration>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
                }
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
                }
                String s = p.getValueAsString();
                try {
                    return DurationStyle.detectAndParse(s.trim());
                } catch (RuntimeException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, s,
                            "expected a duration like 5s, 500ms, PT5S or a number of seconds");
                }
            }
        });
        m.addDeserializer(DataSize.class, new ValueDeserializer<DataSize>() {
            @Override
            public DataSize deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    return DataSize.ofBytes(p.getLongValue());
                }
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (DataSize) ctxt.handleUnexpectedToken(DataSize.class, p);
                }
                String s = p.getValueAsString();
                try {
                    return DataSize.parse(s.trim());
                } catch (RuntimeException e) {
                    return (DataSize) ctxt.handleWeirdStringValue(DataSize.class, s,
                            "expected a size like 64KB, 1MB or a number of bytes");
                }
            }
        });
        m.addSerializer(DataSize.class, new tools.jackson.databind.ser.std.ToStringSerializer(DataSize.class));
        return m;
    }
}
