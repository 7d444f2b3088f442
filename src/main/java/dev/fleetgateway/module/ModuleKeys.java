package dev.fleetgateway.module;

import java.util.regex.Pattern;

/** The syntax of a module key: the IMEI or any id a module announces. */
final class ModuleKeys {

    /** Regular expression every module key matches. */
    public static final String REGEX = "[0-9A-Za-z_.:-]{1,64}";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private ModuleKeys() {
    }

    public static boolean isValid(String key) {
        return key != null && PATTERN.matcher(key).matches();
    }
}
