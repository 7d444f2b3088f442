package dev.fleetgateway.security.web;

import dev.fleetgateway.security.Role;

/** The role table of {@link EndpointRoles} for callers outside the servlet chain (the data-plane port). */
public final class ApiRoles {

    private ApiRoles() {
    }

    /** The role a call with this method and path needs: the same rule the REST port applies. */
    public static Role required(String method, String path) {
        return EndpointRoles.required(method, path);
    }
}
