package dev.fleetgateway.session;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

/**
 * The rule {@code gateway.modules.tls.key-from}: maps a client certificate to a module key by matching the
 * subject, then each subject alternative name, against a pattern with a named group {@code key}.
 */
final class CertificateKeys {

    private final Pattern rule;

    CertificateKeys(String keyFrom) {
        this.rule = keyFrom == null || keyFrom.isBlank() ? null : Pattern.compile(keyFrom);
    }

    /** The module key the certificate proves, or null. */
    String keyOf(Certificate[] chain) {
        if (rule == null || chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return null;
        }
        for (String candidate : candidates(cert)) {
            Matcher m = rule.matcher(candidate);
            if (m.matches() && m.group("key") != null && !m.group("key").isEmpty()) {
                return m.group("key");
            }
        }
        return null;
    }

    static List<String> candidates(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        out.add(cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return out;
        }
        if (sans != null) {
            for (List<?> san : sans) {
                String prefix = switch ((Integer) san.get(0)) {
                    case 1 -> "EMAIL:";
                    case 2 -> "DNS:";
                    case 6 -> "URI:";
                    case 7 -> "IP:";
                    default -> null;
                };
                if (prefix != null && san.get(1) instanceof String value) {
                    out.add(prefix + value);
                }
            }
        }
        return out;
    }
}
