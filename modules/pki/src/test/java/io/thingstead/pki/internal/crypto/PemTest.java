package io.thingstead.pki.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
    private static final byte[] DATA =
            "some DER-ish bytes that are long enough to wrap over more than one line of output"
                    .repeat(2)
                    .getBytes(StandardCharsets.US_ASCII);

    @Test
    void encodesCanonicallyWith64ColumnLinesAndTrailingNewline() {
        String pem = Pem.encode("CERTIFICATE", DATA);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        List<String> bodyLines =
                pem.lines().skip(1).limit(pem.lines().count() - 2).toList();
        assertThat(bodyLines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(bodyLines.get(0)).hasSize(64);
        assertThat(pem).doesNotContain("\r");
    }

    @Test
    void decodesWhatItEncodes() {
        List<Pem.Block> blocks = Pem.decode(Pem.encode("X509 CRL", DATA));

        assertThat(blocks).singleElement().satisfies(block -> {
            assertThat(block.label()).isEqualTo("X509 CRL");
            assertThat(block.der()).isEqualTo(DATA);
        });
    }

    @Test
    void decodesSeveralBlocksWithCrLfAndSurroundingWhitespace() {
        String text = "\r\n  " + Pem.encode("CERTIFICATE", DATA).replace("\n", "\r\n") + "\n\t"
                + Pem.encode("PUBLIC KEY", new byte[] {1, 2, 3}) + "  \n";

        List<Pem.Block> blocks = Pem.decode(text);

        assertThat(blocks).extracting(Pem.Block::label).containsExactly("CERTIFICATE", "PUBLIC KEY");
        assertThat(blocks.get(1).der()).containsExactly(1, 2, 3);
    }

    @Test
    void decodeSingleReturnsTheBlockWithAnAcceptedLabel() {
        Pem.Block block = Pem.decodeSingle(
                Pem.encode("NEW CERTIFICATE REQUEST", DATA), "CSR", "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

        assertThat(block.label()).isEqualTo("NEW CERTIFICATE REQUEST");
    }

    @Test
    void decodeSingleRefusesAnotherLabel() {
        assertThatThrownBy(() -> Pem.decodeSingle(Pem.encode("PRIVATE KEY", DATA), "certificate", "CERTIFICATE"))
                .isInstanceOf(Pem.PemFormatException.class)
                .hasMessageContaining("labelled PRIVATE KEY")
                .hasMessageNotContaining(
                        Base64.getEncoder().encodeToString(DATA).substring(0, 20));
    }

    @Test
    void decodeSingleRefusesTwoBlocks() {
        String two = Pem.encode("CERTIFICATE", DATA) + Pem.encode("CERTIFICATE", DATA);

        assertThatThrownBy(() -> Pem.decodeSingle(two, "certificate", "CERTIFICATE"))
                .isInstanceOf(Pem.PemFormatException.class)
                .hasMessageContaining("found 2 PEM blocks");
    }

    @Test
    void refusesTextWithoutAnyBlock() {
        assertThatThrownBy(() -> Pem.decode("   \n")).hasMessageContaining("no PEM block");
        assertThatThrownBy(() -> Pem.decode("hello world")).hasMessageContaining("outside");
    }

    @Test
    void refusesTextBeforeOrAfterTheBlock() {
        String pem = Pem.encode("CERTIFICATE", DATA);

        assertThatThrownBy(() -> Pem.decode("Certificate:\n" + pem)).hasMessageContaining("outside");
        assertThatThrownBy(() -> Pem.decode(pem + "trailer")).hasMessageContaining("outside");
    }

    @Test
    void refusesATruncatedBlock() {
        String pem = Pem.encode("CERTIFICATE", DATA);
        String truncated = pem.substring(0, pem.length() / 2);

        assertThatThrownBy(() -> Pem.decode(truncated))
                .isInstanceOf(Pem.PemFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesAMismatchedEndLine() {
        String pem = Pem.encode("CERTIFICATE", DATA).replace("END CERTIFICATE", "END PRIVATE KEY");

        assertThatThrownBy(() -> Pem.decode(pem)).hasMessageContaining("truncated");
    }

    @Test
    void refusesABlockNestedInAnother() {
        String inner = Pem.encode("CERTIFICATE", DATA);
        String nested = "-----BEGIN CERTIFICATE-----\n" + inner + "-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Pem.decode(nested)).isInstanceOf(Pem.PemFormatException.class);
    }

    @Test
    void refusesInvalidBase64() {
        String pem = "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Pem.decode(pem)).hasMessageContaining("not valid base64");
    }

    @Test
    void refusesHeadersAsInEncryptedPem() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.decode(pem)).hasMessageContaining("encrypted PEM is not supported");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> Pem.decode("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
                .hasMessageContaining("empty");
    }

    @Test
    void refusesMalformedBeginLines() {
        assertThatThrownBy(() -> Pem.decode("-----BEGIN certificate-----\nAAAA\n-----END certificate-----"))
                .hasMessageContaining("invalid label");
        assertThatThrownBy(() -> Pem.decode("-----BEGIN CERTIFICATE")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Pem.decode("-----BEGIN " + "A".repeat(100) + "-----"))
                .hasMessageContaining("malformed");
    }

    @Test
    void encodeRefusesAnInvalidLabel() {
        assertThatThrownBy(() -> Pem.encode("bad label", DATA)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockToStringDoesNotShowTheBytes() {
        Pem.Block block = new Pem.Block("PRIVATE KEY", new byte[] {42, 42, 42});

        assertThat(block.toString()).isEqualTo("Pem.Block[label=PRIVATE KEY, 3 bytes]");
    }
}
