package dev.fleetgateway.dataplane.web;

import java.util.Map;

/**
 * One HTTP answer of the data-plane port before it is written: status, content type, body and extra headers.
 *
 * @param status HTTP status
 * @param contentType the body's media type (null without a body)
 * @param body the bytes of the body (empty for none)
 * @param headers extra headers (Location, Retry-After, WWW-Authenticate, ...)
 */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String PROBLEM = "application/problem+json";

    Answer withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Answer(status, contentType, body, h);
    }
}
