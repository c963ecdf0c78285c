package io.thingstead.identity.api;

/**
 * Seals secrets for storage at rest (access key secrets, CA private keys) under the installation's master key, and
 * opens them again. The {@code purpose} is bound into the seal: a secret sealed for one purpose cannot be opened as
 * another.
 */
public interface Secrets {
    byte[] seal(byte[] plaintext, String purpose);

    /** @throws IllegalStateException when the seal was not made by this master key for this purpose */
    byte[] open(byte[] sealed, String purpose);
}
