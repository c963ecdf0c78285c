package io.thingstead.provisioning.api;

import java.util.Optional;

/**
 * AWS IoT's device provisioning MQTT API (fleet provisioning by claim), for the gateway to wire to its topics. Every
 * method takes the request payload exactly as the device published it and returns the payload to publish back,
 * exactly as AWS's device SDKs expect it; nothing is thrown for a bad request. Every outcome is written to the audit
 * trail.
 *
 * <p>The claim certificate must be ACTIVE; which topics it may use is up to the IoT policy attached to it (the
 * gateway enforces it, docs/provisioning.md shows AWS's claim policy).
 *
 * <ul>
 *   <li>CreateKeysAndCertificate and CreateCertificateFromCsr issue a certificate in {@code PENDING_ACTIVATION} and a
 *       {@code certificateOwnershipToken}: single use, valid for {@code thingstead.pki.provisioning.ownership-token-ttl}
 *       (AWS's one hour), bound to the claim certificate that asked for it. A certificate whose token expired without
 *       being provisioned is deleted, as AWS does.
 *   <li>RegisterThing checks the token, calls the template's pre-provisioning hook (when it has one), applies the
 *       template's default version in one transaction (thing, thing type, groups, attributes, certificate status,
 *       policies, attachments) and answers {@code {"deviceConfiguration": {...}, "thingName": "..."}}.
 * </ul>
 *
 * <p><b>For the gateway.</b> For every PUBLISH of a connection authenticated with a certificate ({@code
 * AuthenticationResult.Accepted}), after the connection's IoT policy allowed the publish:
 *
 * <pre>{@code
 * Optional<ProvisioningResponse> response =
 *         fleetProvisioning.handle(topic, new ClaimContext(accepted.id(), clientId, Optional.of(remoteAddress)), payload);
 * response.ifPresent(r -> publishToThisConnectionOnly(r.responseTopic(), r.payloadBytes()));
 * }</pre>
 *
 * Empty means the topic is not one of {@link ProvisioningTopic}'s request topics (route it as usual). The response
 * goes only to the requesting connection (AWS: "through the same MQTT connection used to publish the API request"),
 * whatever the subscriptions of others; the device must have subscribed to it (and its policy must allow that). The
 * methods do database work and may wait for the pre-provisioning hook (up to {@code
 * thingstead.pki.provisioning.hook-timeout}): call them off the network event loop. They never throw for a bad request
 * and never return null.
 */
public interface FleetProvisioning {
    /**
     * Dispatches a request published on one of {@link ProvisioningTopic}'s topics.
     *
     * @return empty when {@code topic} is not a fleet provisioning request topic
     */
    Optional<ProvisioningResponse> handle(String topic, ClaimContext claim, byte[] payload);

    /** {@code $aws/certificates/create/json}; the payload is empty or {@code {}}. */
    ProvisioningResponse createKeysAndCertificate(ClaimContext claim, byte[] payload);

    /** {@code $aws/certificates/create-from-csr/json}: {@code {"certificateSigningRequest": "<PEM>"}}. */
    ProvisioningResponse createCertificateFromCsr(ClaimContext claim, byte[] payload);

    /**
     * {@code $aws/provisioning-templates/<templateName>/provision/json}: {@code {"certificateOwnershipToken": "...",
     * "parameters": {"name": "value", ...}}}.
     */
    ProvisioningResponse registerThing(String templateName, ClaimContext claim, byte[] payload);
}
