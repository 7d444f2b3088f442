package dev.fleetgateway.dataplane.web;

import java.util.List;

/**
 * The verbs of the data-plane port and the path each answers, in the REST port's spelling.
 *
 * @param verb what is asked
 * @param target the module id or key, or the session id
 */
record Route(Verb verb, String target) {

    /** A verb, with its method and the REST route pattern the audit line names. */
    enum Verb {
        MODULE_SEND("POST", "/api/v1/modules/{idOrKey}/send", true),
        SESSION_SEND("POST", "/api/v1/sessions/{id}/send", false),
        MODULE_RECV("GET", "/api/v1/modules/{idOrKey}/recv", true),
        SESSION_RECV("GET", "/api/v1/sessions/{id}/recv", false),
        MODULE_MESSAGES("GET", "/api/v1/modules/{idOrKey}/messages", true),
        SESSION_MESSAGES("GET", "/api/v1/sessions/{id}/messages", false);

        final String method;
        final String pattern;
        final boolean byModule;

        Verb(String method, String pattern, boolean byModule) {
            this.method = method;
            this.pattern = pattern;
            this.byModule = byModule;
        }
    }

    /** The route of a path, whatever the method; null when this port serves nothing there. */
    static Route of(List<String> s) {
        if (s.size() != 5 || !s.get(0).equals("api") || !s.get(1).equals("v1")) {
            return null;
        }
        String kind = s.get(2);
        String verb = s.get(4);
        if (kind.equals("modules")) {
            return switch (verb) {
                case "send" -> new Route(Verb.MODULE_SEND, s.get(3));
                case "recv" -> new Route(Verb.MODULE_RECV, s.get(3));
                case "messages" -> new Route(Verb.MODULE_MESSAGES, s.get(3));
                default -> null;
            };
        }
        if (kind.equals("sessions")) {
            return switch (verb) {
                case "send" -> new Route(Verb.SESSION_SEND, s.get(3));
                case "recv" -> new Route(Verb.SESSION_RECV, s.get(3));
                case "messages" -> new Route(Verb.SESSION_MESSAGES, s.get(3));
                default -> null;
            };
        }
        return null;
    }
}
