package io.thingstead.pki.api;

import io.thingstead.common.api.paging.Page;
import java.util.Optional;

/**
 * Bring-your-own-CA as the AWS IoT control plane offers it, and the import of registered CAs' CRLs (Thingstead's
 * own addition). Thingstead's own root and issuing CA can be described but not updated or deleted.
 */
public interface CaCertificates {
    /** GetRegistrationCode: the account's code, created on first use; the same until DeleteRegistrationCode. */
    String registrationCode();

    void deleteRegistrationCode();

    CaCertificateInfo register(RegisterCaCertificate request);

    CaCertificateInfo describe(String caCertificateId);

    /** Registered CAs only (as AWS lists only its customers' CAs), by creation date then id. */
    Page<CaCertificateInfo> list(
            Optional<String> marker, int pageSize, boolean ascending, Optional<String> templateName);

    void update(UpdateCaCertificate request);

    /** Only an INACTIVE registered CA with no device certificates registered under it. */
    void delete(String caCertificateId);

    /**
     * Imports a CRL (PEM or DER) of a registered CA: its signature must verify with the CA's key, and it must not be
     * older than the CRL imported before. Its serial numbers are refused by {@link DeviceAuthenticator} from then on.
     */
    CrlImportStatus importCrl(String caCertificateId, byte[] crl);

    /**
     * Sets (or, when empty, removes) the http(s) URL the CA's CRL is fetched from periodically, and fetches it once
     * now; a failed fetch is reported in {@link CrlImportStatus#lastError()}.
     */
    CrlImportStatus setCrlUrl(String caCertificateId, Optional<String> crlUrl);
}
