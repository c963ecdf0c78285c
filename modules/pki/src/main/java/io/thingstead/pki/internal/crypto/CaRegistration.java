package io.thingstead.pki.internal.crypto;

import io.thingstead.common.api.error.ErrorCode;
import io.thingstead.pki.api.IssuedCertificate;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Bring-your-own-CA: the checks behind GetRegistrationCode, RegisterCACertificate, RegisterCertificate and
 * RegisterCertificateWithoutCA. Failures are AWS's {@code CertificateValidationException} (and {@code
 * RegistrationCodeValidationException} for a verification certificate with the wrong Common Name), with messages that
 * say what is wrong.
 *
 * <p>What every certificate a customer brings must satisfy (AWS: "They must be in a valid format ... within their
 * validity period ... key sizes must meet a minimum required size"): exactly one well-formed PEM certificate of at
 * most 65536 characters, a key and signature algorithm {@link KeyPolicy} accepts, and a validity period that includes
 * now.
 */
public final class CaRegistration {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern REGISTRATION_CODE = Pattern.compile("[0-9a-f]{64}");
    private static final int KEY_CERT_SIGN = 5;

    private final Clock clock;

    public CaRegistration(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new registration code in AWS's format: 64 lower-case hexadecimal characters (256 random bits), e.g. {@code
     * 15c51ae5e36ba59ba77042df1115862076bea4bd15841c838fcb68d5010a614c}.
     */
    public static String newRegistrationCode() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Validates a CA certificate for RegisterCACertificate: a CA per basicConstraints (cA TRUE), allowed to sign
     * certificates when it has a keyUsage extension, an accepted key and signature algorithm, valid now. It may be a
     * root (self-signed, whose signature must then verify) or an intermediate: AWS IoT accepts "any root or
     * intermediate certificate authorities".
     */
    public IssuedCertificate validateCaCertificate(String caCertificatePem) {
        X509Certificate ca = Certificates.parsePem(caCertificatePem, "CA certificate");
        if (ca.getBasicConstraints() < 0) {
            throw Failures.certificateValidation(
                    "The certificate is not a CA certificate: it has no basicConstraints extension with cA TRUE");
        }
        boolean[] keyUsage = ca.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            throw Failures.certificateValidation(
                    "The CA certificate's keyUsage extension does not allow signing certificates (keyCertSign)");
        }
        Certificates.requireAcceptableKeyAndSignature(ca, "CA certificate", ErrorCode.CERTIFICATE_VALIDATION);
        Certificates.requireValidAt(ca, now(), "CA certificate");
        if (Certificates.isSelfIssued(ca) && !Certificates.isSignedBy(ca, ca.getPublicKey())) {
            throw Failures.certificateValidation("The self-signed CA certificate's signature does not verify");
        }
        return Certificates.describe(ca);
    }

    /**
     * Checks the private key verification certificate of RegisterCACertificate: signed by the CA's key (proof that the
     * caller holds it), issued under the CA's subject, with an accepted key and signature algorithm, valid now, and with
     * exactly one subject Common Name, equal to the account's registration code (compared ignoring the case of the hex
     * digits).
     *
     * @param caCertificate the CA certificate being registered, already validated
     * @param registrationCode the account's current registration code
     * @throws io.thingstead.common.api.error.IotException {@code CERTIFICATE_VALIDATION} when the verification
     *     certificate is malformed, not signed by the CA or outside its validity; {@code REGISTRATION_CODE_VALIDATION}
     *     when its Common Name is not the registration code
     */
    public void verifyVerificationCertificate(
            String verificationCertificatePem, X509Certificate caCertificate, String registrationCode) {
        Objects.requireNonNull(caCertificate, "caCertificate");
        if (registrationCode == null
                || !REGISTRATION_CODE.matcher(registrationCode).matches()) {
            throw new IllegalArgumentException("not a registration code");
        }
        X509Certificate verification = Certificates.parsePem(verificationCertificatePem, "verification certificate");
        if (!Certificates.isSignedBy(verification, caCertificate.getPublicKey())) {
            throw Failures.certificateValidation(
                    "The verification certificate is not signed by the CA certificate's private key");
        }
        if (!verification.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())) {
            throw Failures.certificateValidation(
                    "The verification certificate's issuer is not the CA certificate's subject");
        }
        Certificates.requireAcceptableKeyAndSignature(
                verification, "verification certificate", ErrorCode.CERTIFICATE_VALIDATION);
        Certificates.requireValidAt(verification, now(), "verification certificate");
        List<String> commonNames = commonNames(verification);
        if (commonNames.size() != 1 || !commonNames.get(0).equalsIgnoreCase(registrationCode)) {
            throw Failures.registrationCodeValidation(
                    "The verification certificate's Common Name is not the registration code");
        }
    }

    /**
     * Validates a device certificate for RegisterCertificate: issued by {@code caCertificate} (issuer name equals the
     * CA's subject and the signature verifies with the CA's key), an accepted key and signature algorithm, and both
     * certificates valid now.
     */
    public IssuedCertificate validateDeviceCertificate(String certificatePem, X509Certificate caCertificate) {
        Objects.requireNonNull(caCertificate, "caCertificate");
        X509Certificate device = Certificates.parsePem(certificatePem, "certificate");
        if (!device.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())) {
            throw Failures.certificateValidation(
                    "The certificate was not issued by the CA certificate: its issuer is not the CA's subject");
        }
        if (!Certificates.isSignedBy(device, caCertificate.getPublicKey())) {
            throw Failures.certificateValidation(
                    "The certificate was not issued by the CA certificate: its signature does not verify with the"
                            + " CA's public key");
        }
        Certificates.requireAcceptableKeyAndSignature(device, "certificate", ErrorCode.CERTIFICATE_VALIDATION);
        Instant now = now();
        Certificates.requireValidAt(device, now, "certificate");
        Certificates.requireValidAt(caCertificate, now, "CA certificate");
        return Certificates.describe(device);
    }

    /**
     * Validates a device certificate for RegisterCertificateWithoutCA: one well-formed certificate with an accepted key
     * and signature algorithm, valid now. Its issuer is not checked (AWS: "signed by a CA that is not registered").
     */
    public IssuedCertificate validateCertificateWithoutCa(String certificatePem) {
        X509Certificate device = Certificates.parsePem(certificatePem, "certificate");
        Certificates.requireAcceptableKeyAndSignature(device, "certificate", ErrorCode.CERTIFICATE_VALIDATION);
        Certificates.requireValidAt(device, now(), "certificate");
        return Certificates.describe(device);
    }

    private Instant now() {
        return clock.instant();
    }

    private static List<String> commonNames(X509Certificate certificate) {
        X500Name name =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(value.getType())) {
                    values.add(value.getValue() instanceof ASN1String s ? s.getString() : "");
                }
            }
        }
        return values;
    }
}
