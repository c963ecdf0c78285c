package io.thingstead.pki.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names and IP addresses the gateway's server certificate is issued for, from {@code
 * thingstead.pki.endpoint-hosts} ({@code localhost,127.0.0.1,iot.example.com}): IP literals become IP address
 * subject alternative names, everything else DNS names. Nothing is resolved.
 */
public record EndpointHosts(List<String> dnsNames, List<InetAddress> ipAddresses) {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public EndpointHosts {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** @throws IllegalArgumentException when the list is empty or holds something that is neither */
    public static EndpointHosts parse(String commaSeparated) {
        Set<String> names = new LinkedHashSet<>();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String raw : commaSeparated == null ? new String[0] : commaSeparated.split(",")) {
            String host = raw.strip();
            if (host.isEmpty()) {
                continue;
            }
            if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
                addresses.add(literal(host));
            } else {
                names.add(host.toLowerCase(Locale.ROOT));
            }
        }
        if (names.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("thingstead.pki.endpoint-hosts names no host");
        }
        return new EndpointHosts(new ArrayList<>(names), new ArrayList<>(addresses));
    }

    /** A stable text form, stored with the server certificate so that a change of configuration is noticed. */
    public String canonical() {
        List<String> parts = new ArrayList<>(dnsNames);
        ipAddresses.forEach(address -> parts.add(address.getHostAddress()));
        return String.join(",", parts);
    }

    private static InetAddress literal(String host) {
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
    }
}
