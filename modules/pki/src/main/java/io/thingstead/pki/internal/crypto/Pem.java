package io.thingstead.pki.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Strict PEM (RFC 7468) encoding and decoding.
 *
 * <p>Encoding always produces the canonical form: 64-column base64, {@code \n} line ends and a trailing newline.
 *
 * <p>Decoding is deliberately strict, because its input comes from API callers: only whitespace may surround the
 * blocks; a block needs its matching {@code END} line (a truncated block is refused rather than guessed at); RFC 1421
 * headers (as in encrypted keys) are refused; the base64 must be valid. Error messages name the problem and at most
 * the block's label, never its content, so a private key pasted by mistake is never echoed.
 */
public final class Pem {
    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    /** The label older tools (Netscape, Windows certreq) write for a PKCS#10 request. */
    public static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";

    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    public static final String X509_CRL = "X509 CRL";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final Pattern LABEL = Pattern.compile("[A-Z0-9]+(?: [A-Z0-9]+)*");
    private static final int MAX_LABEL_LENGTH = 64;
    private static final byte[] NEWLINE = {'\n'};

    private Pem() {}

    /** One decoded PEM block. The DER array is the caller's to keep (and to wipe, for keys). */
    public record Block(String label, byte[] der) {
        public Block {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(der, "der");
        }

        @Override
        public String toString() {
            return "Pem.Block[label=" + label + ", " + der.length + " bytes]";
        }
    }

    /** Thrown for malformed PEM; the message is safe to show to the caller. */
    public static final class PemFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        PemFormatException(String message) {
            super(message);
        }
    }

    public static String encode(String label, byte[] der) {
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("not a PEM label: " + label);
        }
        String body = new String(Base64.getMimeEncoder(64, NEWLINE).encode(der), StandardCharsets.US_ASCII);
        return BEGIN + label + DASHES + "\n" + body + "\n" + END + label + DASHES + "\n";
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    public static String publicKey(PublicKey key) {
        return encode(PUBLIC_KEY, key.getEncoded());
    }

    public static String crl(X509CRL crl) {
        try {
            return encode(X509_CRL, crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalStateException("cannot encode a parsed CRL", e);
        }
    }

    /**
     * Decodes every block of {@code text}. The caller bounds the size of {@code text} before calling.
     *
     * @throws PemFormatException when the text is not a sequence of well-formed PEM blocks
     */
    public static List<Block> decode(String text) {
        Objects.requireNonNull(text, "text");
        List<Block> blocks = new ArrayList<>();
        int position = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, position);
            if (begin < 0) {
                requireBlank(text, position, text.length());
                break;
            }
            requireBlank(text, position, begin);
            int labelStart = begin + BEGIN.length();
            int labelEnd = text.indexOf(DASHES, labelStart);
            if (labelEnd < 0 || labelEnd - labelStart > MAX_LABEL_LENGTH) {
                throw new PemFormatException("the PEM BEGIN line is malformed");
            }
            String label = text.substring(labelStart, labelEnd);
            if (!LABEL.matcher(label).matches()) {
                throw new PemFormatException("the PEM BEGIN line has an invalid label");
            }
            int bodyStart = labelEnd + DASHES.length();
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, bodyStart);
            if (end < 0) {
                throw new PemFormatException("the PEM block " + label + " is truncated: its END line is missing");
            }
            String body = text.substring(bodyStart, end);
            if (body.contains(BEGIN) || body.contains(END)) {
                throw new PemFormatException("the PEM block " + label + " is not properly terminated");
            }
            blocks.add(new Block(label, decodeBody(label, body)));
            position = end + endLine.length();
        }
        if (blocks.isEmpty()) {
            throw new PemFormatException("no PEM block found");
        }
        return blocks;
    }

    /**
     * Decodes text that must hold exactly one block with one of {@code labels}.
     *
     * @param what how to call the object in messages, e.g. "certificate signing request"
     */
    public static Block decodeSingle(String text, String what, String... labels) {
        List<Block> blocks = decode(text);
        if (blocks.size() != 1) {
            throw new PemFormatException(
                    "expected exactly one " + what + " PEM block, found " + blocks.size() + " PEM blocks");
        }
        Block block = blocks.get(0);
        for (String label : labels) {
            if (label.equals(block.label())) {
                return block;
            }
        }
        throw new PemFormatException("expected a " + what + " (PEM label " + String.join(" or ", labels)
                + "), found a PEM block labelled " + block.label());
    }

    private static byte[] decodeBody(String label, String body) {
        StringBuilder base64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == ':') {
                throw new PemFormatException(
                        "the PEM block " + label + " has headers (encrypted PEM is not supported)");
            }
            if (!isBlank(c)) {
                base64.append(c);
            }
        }
        if (base64.isEmpty()) {
            throw new PemFormatException("the PEM block " + label + " is empty");
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new PemFormatException("the PEM block " + label + " is not valid base64");
        }
    }

    private static void requireBlank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBlank(text.charAt(i))) {
                throw new PemFormatException("unexpected text outside the PEM block(s)");
            }
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
