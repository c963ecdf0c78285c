package io.thingstead.it.pkiprobe;

import io.thingstead.pki.api.AuthenticationResult;
import io.thingstead.pki.api.DeviceAuthenticator;
import io.thingstead.pki.api.GatewayTrust;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The gateway's questions, asked over HTTP by the integration test. */
@Path("/")
@RequestScoped
public class PkiProbeResource {
    @Inject
    DeviceAuthenticator authenticator;

    @Inject
    GatewayTrust trust;

    /** Authenticates the PEM chain in the body (leaf first) as the gateway would after a TLS handshake. */
    @POST
    @Path("authenticate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject authenticate(String pemChain) throws GeneralSecurityException {
        AuthenticationResult result = authenticator.authenticate(chain(pemChain));
        JsonObjectBuilder json = Json.createObjectBuilder().add("accepted", result.accepted());
        result.certificateId().ifPresent(id -> json.add("certificateId", id));
        switch (result) {
            case AuthenticationResult.Accepted accepted -> {
                json.add("certificateArn", accepted.certificateArn());
                accepted.caCertificateId().ifPresent(ca -> json.add("caCertificateId", ca));
                JsonObjectBuilder fields = Json.createObjectBuilder();
                accepted.certificateFields().forEach((key, values) -> fields.add(key, Json.createArrayBuilder(values)));
                json.add("fields", fields);
            }
            case AuthenticationResult.Refused refused -> {
                json.add("reason", refused.reason().name());
                json.add("detail", refused.detail());
            }
        }
        return json.build();
    }

    /** Authenticates the chain {@code n} times and reports the mean time per call. */
    @POST
    @Path("benchmark")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject benchmark(String pemChain, @QueryParam("n") int n) throws GeneralSecurityException {
        X509Certificate[] chain = chain(pemChain);
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            accepted += authenticator.authenticate(chain).accepted() ? 1 : 0;
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            accepted += authenticator.authenticate(chain).accepted() ? 1 : 0;
        }
        long elapsed = System.nanoTime() - start;
        return Json.createObjectBuilder()
                .add("calls", n)
                .add("accepted", accepted - 1000)
                .add("nanosPerCall", elapsed / Math.max(1, n))
                .build();
    }

    /** The trust material of the gateway's TLS listener; the private key only proves that it matches. */
    @GET
    @Path("trust")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject trust() throws GeneralSecurityException {
        JsonArrayBuilder authorities = Json.createArrayBuilder();
        for (X509Certificate ca : trust.clientCertificateAuthorities()) {
            authorities.add(id(ca));
        }
        GatewayTrust.ServerCredentials server = trust.serverCredentials();
        JsonArrayBuilder chain = Json.createArrayBuilder();
        for (X509Certificate certificate : server.chain()) {
            chain.add(pem(certificate));
        }
        byte[] challenge = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(server.privateKey());
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(server.chain().get(0).getPublicKey());
        verifier.update(challenge);
        return Json.createObjectBuilder()
                .add("clientCertificateAuthorities", authorities)
                .add("rootCertificateId", id(trust.rootCertificate()))
                .add("serverChain", chain)
                .add("keyMatches", verifier.verify(signature))
                .add("credentials", server.toString())
                .build();
    }

    private static X509Certificate[] chain(String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank()) {
            return new X509Certificate[0];
        }
        List<? extends Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        return certificates.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }

    private static String id(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
