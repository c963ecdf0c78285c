package io.thingstead.pki.api;

/**
 * The certificate operations device provisioning needs beyond {@link DeviceCertificates}: certificates that start
 * {@code PENDING_ACTIVATION} until a provisioning template activates them. Implemented by the PKI; used by the
 * provisioning module.
 */
public interface ProvisioningCertificates {
    /**
     * Fleet provisioning's CreateKeysAndCertificate: like {@link DeviceCertificates#createKeysAndCertificate}, but
     * the certificate is {@code PENDING_ACTIVATION} until RegisterThing applies a template to it (AWS's behaviour).
     */
    NewKeysAndCertificate createKeysAndCertificatePendingActivation();

    /** Fleet provisioning's CreateCertificateFromCsr: a certificate in {@code PENDING_ACTIVATION}. */
    CertificateInfo createFromCsrPendingActivation(String certificateSigningRequest);

    /**
     * Registers a certificate a device presented, issued by a registered CA, as {@code PENDING_ACTIVATION} (origin
     * AUTO_REGISTERED) in the caller's transaction, without firing {@link CertificateAutoRegistered}: just-in-time
     * provisioning starts here.
     *
     * @return false when it is registered already
     */
    boolean insertJustInTime(IssuedCertificate certificate, String caCertificateId);
}
