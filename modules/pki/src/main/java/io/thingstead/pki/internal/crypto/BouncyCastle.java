package io.thingstead.pki.internal.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place that knows about the Bouncy Castle JCA provider.
 *
 * <p>Everything in this package passes {@link #provider()} to Bouncy Castle's builders and to JCA factories explicitly,
 * so nothing depends on whether (or where) "BC" is registered in {@link Security}. WildFly may already have registered
 * its own Bouncy Castle module; our instance may come from a different class loader, which is exactly why we never look
 * it up by name. {@link #ensureRegistered()} exists for code that insists on a registered provider; it is idempotent and
 * never called implicitly.
 */
public final class BouncyCastle {
    private BouncyCastle() {}

    /** Initialised on first use only (holder idiom), never as a side effect of loading other classes. */
    private static final class Holder {
        private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    }

    /** The provider instance this module uses for every operation. */
    public static Provider provider() {
        return Holder.PROVIDER;
    }

    /**
     * Adds Bouncy Castle to the JVM's provider list (at the end, so it does not displace the JDK's providers) unless a
     * provider named {@code BC} is already there. Safe to call any number of times from any thread.
     *
     * @return true when this call registered the provider
     */
    public static synchronized boolean ensureRegistered() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) != null) {
            return false;
        }
        return Security.addProvider(provider()) != -1;
    }
}
