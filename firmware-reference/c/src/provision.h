/*
 * Fleet provisioning by claim, over AWS IoT's MQTT API unchanged. Connected with the factory's shared claim
 * certificate, the device gets its own certificate, either
 *   - CreateCertificateFromCsr ($aws/certificates/create-from-csr/json): the key is made on the device and never leaves
 *     it (provisioning-api = csr, the default), or
 *   - CreateKeysAndCertificate ($aws/certificates/create/json): the platform makes the key and sends it once
 *     (provisioning-api = create, for devices that cannot make keys),
 * then registers itself with the template ($aws/provisioning-templates/<template>/provision/json, RegisterThing),
 * presenting the certificate ownership token and its serial number. Certificate, key and thing name are stored with
 * mode 0600; the device then reconnects with them.
 */
#ifndef DEVICE_PROVISION_H
#define DEVICE_PROVISION_H

#include <signal.h>
#include <stddef.h>

#include "config.h"

/* 0 when the identity files are written; -1 with the reason in error (the caller backs off and tries again). */
int provision_by_claim(const struct config *config, const char *certificate_path, const char *key_path,
                       const char *thing_path, volatile sig_atomic_t *stop, char *error, size_t error_size);

#endif
