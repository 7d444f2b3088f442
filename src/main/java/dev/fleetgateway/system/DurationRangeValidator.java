package dev.fleetgateway.system;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link DurationRange}; its static helpers let hand-written validation (durations that arrive as text)
 * apply and word the same bounds.
 */
public class DurationRangeValidator implements ConstraintValidator<DurationRange, Duration> {

    private Duration min;
    private Duration max;

    @Override
    public void initialize(DurationRange range) {
        this.min = bound(range.min());
        this.max = bound(range.max());
    }

    @Override
    public boolean isValid(Duration value, ConstraintValidatorContext context) {
        return value == null || within(value, min, max);
    }

    /** A bound as written in {@link DurationRange}: {@code 100ms}, {@code 1h}, {@code PT1H}. */
    public static Duration bound(String text) {
        return DurationStyle.detectAndParse(text);
    }

    /** Whether {@code d} lies between {@code min} and {@code max}, both included. */
    public static boolean within(Duration d, Duration min, Duration max) {
        return d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
    }

    /** The violation message for a range, worded as {@link DurationRange}'s. */
    public static String message(String min, String max) {
        return "must be between " + min + " and " + max;
    }
}
