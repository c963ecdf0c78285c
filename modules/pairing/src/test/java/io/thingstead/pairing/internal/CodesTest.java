package io.thingstead.pairing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodesTest {
    @Test
    void generatedCodesAreTwelveSymbolsInGroupsOfFour() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String code = Codes.generate();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
            assertThat(Codes.normalise(code)).contains(code.replace("-", ""));
            seen.add(code);
        }
        assertThat(seen).as("60 random bits: no repeats in a thousand").hasSize(1000);
    }

    @Test
    void whatPeopleTypeIsForgiven() {
        assertThat(Codes.normalise(" 7k3m-qr9t-zx2a ")).contains("7K3MQR9TZX2A");
        assertThat(Codes.normalise("7K3M QR9T ZX2A")).contains("7K3MQR9TZX2A");
        assertThat(Codes.normalise("OOIL-1111-2222"))
                .as("O reads as 0, I and L as 1")
                .contains("001111112222");
    }

    @Test
    void theLabelsUrlCarriesTheCode() {
        assertThat(Codes.normalise("https://iot.example.com/portal/pair?code=7K3M-QR9T-ZX2A"))
                .contains("7K3MQR9TZX2A");
        assertThat(Codes.normalise("http://localhost:8080/portal/pair?x=1&code=7k3m-qr9t-zx2a"))
                .contains("7K3MQR9TZX2A");
        assertThat(Codes.normalise("https://iot.example.com/portal/pair")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "7K3M-QR9T-ZX2",
                "7K3M-QR9T-ZX2AB",
                "7K3M-QR9T-ZX2U",
                "7K3M_QR9T_ZX2A",
                "７K3M-QR9T-ZX2A",
                "' OR 1=1 --"
            })
    void anythingElseIsNotACode(String input) {
        assertThat(Codes.normalise(input)).isEmpty();
    }

    @Test
    void theHashDependsOnTheKey() {
        byte[] one = Codes.newKey();
        byte[] two = Codes.newKey();

        assertThat(Codes.hash(one, "7K3MQR9TZX2A")).hasSize(32).isEqualTo(Codes.hash(one, "7K3MQR9TZX2A"));
        assertThat(Codes.hash(one, "7K3MQR9TZX2A")).isNotEqualTo(Codes.hash(two, "7K3MQR9TZX2A"));
        assertThat(Codes.hash(one, "7K3MQR9TZX2A")).isNotEqualTo(Codes.hash(one, "7K3MQR9TZX2B"));
    }
}
