package dev.fleetgateway.dataplane.web;

/** Query parameters converted as Spring MVC converts them for the REST controllers, with the same 400. */
final class Params {

    /** A parameter that does not convert (REST: MethodArgumentTypeMismatchException). */
    static final class Bad extends RuntimeException {

        final String name;
        final String value;

        Bad(String name, String value) {
            super(name, null, false, false);
            this.name = name;
            this.value = value;
        }
    }

    private Params() {
    }

    static Boolean bool(Call call, String name) {
        String v = call.param(name);
        if (v == null) {
            return null;
        }
        // Spring's StringToBooleanConverter: true/on/yes/1 and false/off/no/0, any case; empty is absent
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "" -> {
                return null;
            }
            case "true", "on", "yes", "1" -> {
                return Boolean.TRUE;
            }
            case "false", "off", "no", "0" -> {
                return Boolean.FALSE;
            }
            default -> throw new Bad(name, v);
        }
    }

    static int integer(Call call, String name, int fallback) {
        String v = call.param(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new Bad(name, v);
        }
    }

    static long longer(Call call, String name, long fallback) {
        String v = call.param(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new Bad(name, v);
        }
    }
}
