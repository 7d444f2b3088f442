package dev.fleetgateway.usocket;

import dev.fleetgateway.system.FleetException;

/** The outbound policy refused a destination before any connect; its virtual modules see errno 13 (EACCES). */
public class OutboundRefusedException extends FleetException {

    /** Why a destination is refused; a bounded meter tag. */
    public enum Rule {
        LOOPBACK, LINK_LOCAL, PRIVATE, SPECIAL, OWN_PORT, NOT_ALLOWED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Rule rule;

    OutboundRefusedException(Rule rule, String detail) {
        super(Kind.FORBIDDEN, "outbound-refused", "Outbound destination refused", detail);
        this.rule = rule;
        with("rule", rule.tag());
    }

    public Rule rule() {
        return rule;
    }
}
