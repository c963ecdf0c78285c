package io.thingstead.policy.internal;

import java.util.Arrays;

/**
 * IPv4 and IPv6 literals and CIDR ranges, parsed by hand so that nothing ever resolves a host name. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.1}, as a dual-stack socket reports IPv4 clients) is treated as the IPv4 address.
 */
final class IpAddresses {
    private IpAddresses() {}

    /** A CIDR range: {@code address/prefix}, or a single address (prefix 32 or 128). */
    record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address == null || address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        @Override
        public String toString() {
            return Arrays.toString(network) + "/" + prefix;
        }
    }

    /** Parses {@code a.b.c.d[/n]} or an IPv6 literal with an optional {@code /n}; {@code null} when not valid. */
    static Cidr parseCidr(String text) {
        int slash = text.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefix = Integer.parseInt(digits);
            if (text.indexOf(':') >= 0 && address.length == 4) {
                // an IPv4-mapped IPv6 range: its prefix counts the 96 bits of the mapping
                prefix -= 96;
                if (prefix < 0) {
                    return null;
                }
            }
            if (prefix > max) {
                return null;
            }
        }
        byte[] network = address.clone();
        for (int bit = prefix; bit < max; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(network, prefix);
    }

    /** The bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) literal; IPv4-mapped IPv6 gives 4 bytes. */
    static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        byte[] v6 = parseIpv6(text);
        if (v6 == null) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >>> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            bytes[2 * (offset + i)] = (byte) (tailGroups[i] >>> 8);
            bytes[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The 16-bit groups of a colon-separated run; an IPv4 tail counts as two groups when allowed. */
    private static int[] groups(String run, boolean ipv4TailAllowed) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && part.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int c = 0; c < part.length(); c++) {
                int digit = hexDigit(part.charAt(c));
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            groups[count++] = value;
        }
        return Arrays.copyOf(groups, count);
    }
}
