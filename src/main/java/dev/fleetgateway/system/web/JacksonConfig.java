package dev.fleetgateway.system.web;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON forms the API accepts beyond Jackson's defaults: durations as {@code 5s}/{@code 500ms} (as in the
 * configuration) or a number of seconds, and data sizes as {@code 64KB} or a number of bytes.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfig {

    @Bean
    SimpleModule fleetGatewayJsonModule() {
        SimpleModule m = new SimpleModule("fleet-gateway");
        m.addDeserializer(Duration.class, new ValueDeserializer<Duration>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
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
