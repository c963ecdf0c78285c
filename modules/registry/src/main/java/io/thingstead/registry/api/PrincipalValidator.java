package io.thingstead.registry.api;

import java.util.Optional;

/**
 * Implemented by the module that owns a kind of principal (PKI for certificates). Given an ARN it recognises, it says
 * whether that principal exists; the registry refuses to attach unknown principals. ARNs no validator recognises are
 * refused as invalid.
 */
public interface PrincipalValidator {
    /**
     * @return empty when this validator does not handle such ARNs; otherwise whether the principal exists
     */
    Optional<Boolean> exists(String principalArn);
}
