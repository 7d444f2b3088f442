package dev.fleetgateway.system;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A {@link java.time.Duration} between {@code min} and {@code max} inclusive (null is valid: the default applies).
 * Bounds are written like {@code 100ms}, {@code 1h}; the violation message names them, so the 400 problem says
 * which field is wrong and what range it takes.
 */
@Documented
@Constraint(validatedBy = DurationRangeValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface DurationRange {

    /** Shortest allowed, like {@code 100ms}. */
    String min() default "0s";

    /** Longest allowed, like {@code 1h}. */
    String max();

    String message() default "must be between {min} and {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
