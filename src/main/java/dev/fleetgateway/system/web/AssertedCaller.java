package dev.fleetgateway.system.web;

import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller a trusted peer vouches for: a REST call forwarded by another replica of the cluster arrives on the
 * internal port with the original caller's name and role labels, checked there against the shared secret. Only
 * that check sets the request attribute; a client can set headers but never attributes, so nothing a caller
 * sends on the public port can become an asserted caller.
 *
 * @param name       the key's or token's name at the edge replica, for the audit log and the quota
 * @param roleLabels the caller's roles as labels ({@code read}, {@code send}, ...)
 * @param via        the id of the replica that forwarded the call
 */
public record AssertedCaller(String name, Set<String> roleLabels, String via) {

    /** The request attribute the internal port's gate sets on a call whose secret it checked. */
    public static final String ATTRIBUTE = AssertedCaller.class.getName();

    /** The caller asserted for this request, when it came through the internal port's gate. */
    public static Optional<AssertedCaller> of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof AssertedCaller c ? Optional.of(c) : Optional.empty();
    }
}
