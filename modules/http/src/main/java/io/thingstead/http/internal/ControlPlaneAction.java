package io.thingstead.http.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The AWS action a resource method implements (e.g. {@code iot:CreateThing}): named in the audit trail, and what
 * authorization checks the caller against.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ControlPlaneAction {
    String value();

    /** Whether the action changes something (and is therefore written to the audit trail). */
    boolean mutating() default true;
}
