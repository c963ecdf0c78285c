package io.thingstead.http.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read-only resource method that answers without a signature: CA certificates and CRLs under {@code /pki/},
 * and a topic rule destination's confirmation (its token is the credential).
 * {@link SigV4AuthenticationFilter} lets only GET and HEAD requests to {@link PublicPaths} through unsigned, and
 * {@link AuthorizationFilter} lets an unsigned request reach only a method carrying this annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface PublicRead {}
