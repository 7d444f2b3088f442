package dev.fleetgateway.session.web;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;

/**
 * Adds the stream event schemas to the OpenAPI document: the SSE answers name them as the {@code contentSchema} of
 * their text, which the annotation scanner does not follow into the components.
 */
@Component
class StreamEventDocs implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        ModelConverters converters = ModelConverters.getInstance(true);
        for (Class<?> type : new Class<?>[] {StreamEventSchemas.SessionEvent.class, StreamEventSchemas.FleetEvent.class}) {
            converters.readAll(type).forEach(openApi.getComponents()::addSchemas);
        }
    }
}
