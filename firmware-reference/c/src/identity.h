/* The device's own key, made on the device (OpenSSL): the private key never leaves it. */
#ifndef DEVICE_IDENTITY_H
#define DEVICE_IDENTITY_H

/*
 * A fresh EC P-256 key (PKCS#8 PEM) and a PKCS#10 CSR for it with subject CN=<common_name>, signed with SHA-256
 * (PEM). Both malloc'ed; 0 on success, -1 with OpenSSL's reason logged.
 */
int identity_new_key_and_csr(const char *common_name, char **key_pem, char **csr_pem);

/* 32 random hex characters, for MQTT client tokens (buffer of at least 33 bytes). */
void identity_random_token(char *token);

#endif
