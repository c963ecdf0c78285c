package io.thingstead.gateway.internal.config;

import java.security.Provider;
import java.security.Security;
import org.jboss.logging.Logger;

/**
 * Puts the Amazon Corretto Crypto Provider (a JCA provider on AWS-LC, native code; the server module
 * {@code software.amazon.cryptools.accp}) first in the JVM's provider list. HiveMQ CE fixes Netty's TLS to the JDK's
 * engine, whose handshake then signs and verifies through JCA: with this provider ECDSA P-256/P-384 and ECDH run
 * ~8 times faster than in the JDK's Java code, which is most of the CPU of a mutual-TLS connect (docs/performance.md).
 * X25519 key exchange stays with the JDK (the provider does not offer it).
 *
 * <p>The provider list is the JVM's, so the rest of the server uses it too for what it offers (ECDSA, ECDH, RSA,
 * AES-GCM, SHA-2, HMAC, HKDF); the results are the same, only faster. Where the native library cannot load (another
 * CPU architecture or C library), the JDK's providers stay and the gateway says so once.
 */
public final class NativeCrypto {
    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);
    public static final String PROVIDER_NAME = "AmazonCorrettoCryptoProvider";
    private static final String PROVIDER_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private NativeCrypto() {}

    /** Installs the provider unless it is installed already; never fails the caller. */
    public static synchronized void install() {
        if (Security.getProvider(PROVIDER_NAME) != null) {
            return;
        }
        try {
            Class<?> type = Class.forName(PROVIDER_CLASS, true, NativeCrypto.class.getClassLoader());
            Provider provider = (Provider) type.getField("INSTANCE").get(null);
            Object error = type.getMethod("getLoadingError").invoke(provider);
            if (error != null) {
                LOG.warnf(
                        "the native crypto provider cannot load here (%s): TLS handshakes use the JDK's slower"
                                + " implementation",
                        error);
                return;
            }
            type.getMethod("assertHealthy").invoke(provider);
            Security.insertProviderAt(provider, 1);
            LOG.infof(
                    "TLS handshakes sign and verify with %s %s (AWS-LC)", provider.getName(), provider.getVersionStr());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warnf(
                    "the native crypto provider is not available (%s): TLS handshakes use the JDK's slower"
                            + " implementation",
                    e);
        }
    }
}
