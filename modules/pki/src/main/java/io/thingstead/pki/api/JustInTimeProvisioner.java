package io.thingstead.pki.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a registered CA's provisioning template to a certificate a device presents for the first time (AWS's
 * just-in-time provisioning). The PKI calls it while it authenticates such a device, when the CA's {@link
 * RegistrationConfig} {@linkplain RegistrationConfig#provisionsJustInTime() asks for provisioning}; the provisioning
 * module implements it as a CDI bean. Without an implementation, such CAs cannot be registered and their devices are
 * refused.
 */
public interface JustInTimeProvisioner {
    /**
     * Checks a registration config when a CA is registered or updated.
     *
     * @throws io.thingstead.common.api.error.IotException InvalidRequestException saying what is wrong
     */
    void validate(RegistrationConfig config);

    /**
     * Registers the certificate and applies the CA's template, in a transaction of its own.
     *
     * @param certificateFields the certificate's {@code iot:Certificate.*} values ({@link CertificateFieldKeys})
     * @return empty when the device is provisioned, else why not (nothing was created)
     */
    Optional<String> provision(
            IssuedCertificate certificate,
            String caCertificateId,
            RegistrationConfig config,
            Map<String, List<String>> certificateFields);
}
