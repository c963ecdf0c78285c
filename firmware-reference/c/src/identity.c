#include "identity.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static char *bio_text(BIO *bio) {
    char *data = NULL;
    long length = BIO_get_mem_data(bio, &data);
    char *text = length >= 0 ? malloc((size_t)length + 1) : NULL;
    if (text != NULL) {
        memcpy(text, data, (size_t)length);
        text[length] = '\0';
    }
    return text;
}

int identity_new_key_and_csr(const char *common_name, char **key_pem, char **csr_pem) {
    *key_pem = NULL;
    *csr_pem = NULL;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509_REQ *request = X509_REQ_new();
    X509_NAME *subject = X509_NAME_new();
    BIO *key_out = BIO_new(BIO_s_mem());
    BIO *csr_out = BIO_new(BIO_s_mem());
    int ok = key != NULL && request != NULL && subject != NULL && key_out != NULL && csr_out != NULL &&
             X509_REQ_set_version(request, 0) == 1 &&
             X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, (const unsigned char *)common_name, -1, -1,
                                        0) == 1 &&
             X509_REQ_set_subject_name(request, subject) == 1 && X509_REQ_set_pubkey(request, key) == 1 &&
             X509_REQ_sign(request, key, EVP_sha256()) > 0 &&
             PEM_write_bio_PrivateKey(key_out, key, NULL, NULL, 0, NULL, NULL) == 1 &&
             PEM_write_bio_X509_REQ(csr_out, request) == 1;
    if (ok) {
        *key_pem = bio_text(key_out);
        *csr_pem = bio_text(csr_out);
        ok = *key_pem != NULL && *csr_pem != NULL;
    }
    if (!ok) {
        char reason[256];
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        log_error("cannot make a key and a CSR: %s", reason);
        free(*key_pem);
        free(*csr_pem);
        *key_pem = NULL;
        *csr_pem = NULL;
    }
    BIO_free(csr_out);
    BIO_free(key_out);
    X509_NAME_free(subject);
    X509_REQ_free(request);
    EVP_PKEY_free(key);
    return ok ? 0 : -1;
}

void identity_random_token(char *token) {
    unsigned char bytes[16] = {0};
    if (RAND_bytes(bytes, (int)sizeof bytes) != 1) {
        log_warn("RAND_bytes failed; the client token is not random");
    }
    for (size_t i = 0; i < sizeof bytes; i++) {
        static const char hex[] = "0123456789abcdef";
        token[2 * i] = hex[bytes[i] >> 4];
        token[2 * i + 1] = hex[bytes[i] & 15];
    }
    token[2 * sizeof bytes] = '\0';
}
