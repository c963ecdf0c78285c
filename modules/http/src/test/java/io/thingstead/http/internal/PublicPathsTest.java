package io.thingstead.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exactly the read-only PKI publications pass the SigV4 filter unsigned. */
class PublicPathsTest {
    @ParameterizedTest(name = "{0} {1} is public")
    @CsvSource({
        "GET, /pki/root-ca.pem",
        "GET, /pki/ca-chain.pem",
        "HEAD, /pki/root-ca.pem",
        "GET, /pki/crl/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.crl",
        "GET, /pki/anything-else",
    })
    void pkiReadsArePublic(String method, String path) {
        assertThat(PublicPaths.isPublicRead(method, path)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} needs a signature")
    @CsvSource({
        "POST, /pki/ca/0123/crl",
        "PUT, /pki/ca/0123/crl-url",
        "DELETE, /pki/root-ca.pem",
        "OPTIONS, /pki/root-ca.pem",
        "GET, /pki",
        "GET, /pki/",
        "GET, /pki//root-ca.pem",
        "GET, /pki/../things",
        "GET, /pki/./root-ca.pem",
        "GET, /pki/%2e%2e/things",
        "GET, /pki/crl/x.crl;jsessionid=1",
        "GET, /pkix/root-ca.pem",
        "GET, //pki/root-ca.pem",
        "GET, /things",
        "GET, /certificates",
        "GET, /cacertificates",
        "GET, /registrationcode",
        "get, /pki/root-ca.pem",
    })
    void everythingElseIsSigned(String method, String path) {
        assertThat(PublicPaths.isPublicRead(method, path)).isFalse();
    }

    @ParameterizedTest(name = "no path")
    @CsvSource({"GET"})
    void aMissingPathIsNotPublic(String method) {
        assertThat(PublicPaths.isPublicRead(method, null)).isFalse();
    }
}
