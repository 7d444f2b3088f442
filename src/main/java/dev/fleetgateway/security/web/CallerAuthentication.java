package dev.fleetgateway.security.web;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.fleetgateway.security.Role;

/** Reads the caller's name and roles back from whichever authentication (key or JWT) the request carries. */
final class CallerAuthentication {

    private CallerAuthentication() {
    }

    static Authentication current() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    static Set<Role> roles(Authentication a) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (a == null) {
            return roles;
        }
        Collection<? extends GrantedAuthority> authorities = a.getAuthorities();
        for (Role r : Role.values()) {
            if (authorities.stream().anyMatch(g -> r.authority().equals(g.getAuthority()))) {
                roles.add(r);
            }
        }
        return roles;
    }

    /** The caller's name, or {@code -} for an anonymous request. */
    static String name(Authentication a) {
        if (a == null || a instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return "-";
        }
        return a.getName();
    }
}
