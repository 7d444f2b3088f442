package dev.fleetgateway.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who a JWT names and the roles its claim carries: the one mapping the REST port's resource server and the
 * data-plane port both apply ({@code gateway.security.jwt.roles-claim}: a list of names or one space-separated
 * string; unknown names are ignored).
 */
public final class JwtRoles {

    private JwtRoles() {
    }

    /** The roles named in {@code claim}. */
    public static Set<Role> of(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        Collection<?> names = value instanceof Collection<?> c ? c
                : value instanceof String s ? List.of(s.split("\\s+")) : Set.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.stream().map(n -> Role.parse(String.valueOf(n))).flatMap(Optional::stream).forEach(roles::add);
        return roles;
    }

    /** The caller's name, as the audit line and the quota know it. */
    public static String name(Jwt jwt) {
        return "jwt:" + jwt.getSubject();
    }

    /** The caller a decoded token stands for. */
    public static Caller caller(Jwt jwt, String claim) {
        return new Caller(name(jwt), of(jwt, claim));
    }
}
