package io.thingstead.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @CsvSource({
        "203.0.113.0/24, 203.0.113.7, true",
        "203.0.113.0/24, 203.0.114.7, false",
        "203.0.113.9, 203.0.113.9, true",
        "203.0.113.9, 203.0.113.8, false",
        "203.0.113.9/32, 203.0.113.9, true",
        "0.0.0.0/0, 198.51.100.1, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "192.168.1.128/25, 192.168.1.200, true",
        "192.168.1.128/25, 192.168.1.100, false",
        "203.0.113.77/24, 203.0.113.1, true",
        "2001:db8::/32, 2001:db8:1234:5678::1, true",
        "2001:DB8:1234:5678::/64, 2001:db8:1234:5678:abcd::9, true",
        "2001:db8:1234:5678::/64, 2001:db8:1234:5679::1, false",
        "2001:db8::1, 2001:0db8:0000:0000:0000:0000:0000:0001, true",
        "::/0, ::1, true",
        "::1, ::1, true",
        "::/0, 10.0.0.1, false",
        "0.0.0.0/0, ::1, false",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 10.1.2.3, true",
        "::ffff:10.0.0.0/104, 11.1.2.3, false",
        "64:ff9b::/96, 64:ff9b::203.0.113.5, true",
        "fe80::/10, fe80::1:2:3:4, true",
        "fe80::/10, fec0::1, false",
    })
    void rangesContainAddresses(String range, String address, boolean expected) {
        IpAddresses.Cidr cidr = IpAddresses.parseCidr(range);

        assertThat(cidr).as(range).isNotNull();
        assertThat(cidr.contains(IpAddresses.parseAddress(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "203.0.113",
                "203.0.113.256",
                "203.0.113.1.2",
                "203.0.113.-1",
                "203.0.113.1/33",
                "203.0.113.1/",
                "203.0.113.1/a",
                "2001:db8::/129",
                "2001:db8:::1",
                "2001::db8::1",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "12345::1",
                "g::1",
                "example.com",
                "localhost",
                "::ffff:10.0.0.0/95",
                "203.0.113.1 ",
            })
    void refusesWhatIsNotAnAddressOrRange(String text) {
        assertThat(IpAddresses.parseCidr(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"１.2.3.4", "::１", "not-an-ip", "1.2.3.4.5"})
    void addressParserRefusesNonAsciiDigitsAndNames(String text) {
        assertThat(IpAddresses.parseAddress(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"::ffff:1.2.3.4, 4", "1.2.3.4, 4", "::1, 16", "1:2:3:4:5:6:7:8, 16", "1::, 16"})
    void addressLengths(String text, int bytes) {
        assertThat(IpAddresses.parseAddress(text)).hasSize(bytes);
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3/8, 10.0.0.0/8", "10.1.2.3, 10.1.2.3/32"})
    void rangesAreNormalizedToTheirNetwork(String given, String same) {
        assertThat(IpAddresses.parseCidr(given)).isEqualTo(IpAddresses.parseCidr(same));
        assertThat(IpAddresses.parseCidr(given)).hasSameHashCodeAs(IpAddresses.parseCidr(same));
        assertThat(IpAddresses.parseCidr(given).toString())
                .endsWith("/" + IpAddresses.parseCidr(same).prefix());
    }
}
