package sh.smarter.prompt.core.plugintarget;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule an API plugin's target must pass ({@code api-address}): no loopback, link-local, private, unique-local,
 * shared (carrier-grade NAT), unspecified, multicast or cloud metadata address, unless the operator allows the host.
 * The name is checked as written (literal addresses, {@code localhost}, metadata names) when a connection is applied,
 * and every address it resolves to when a call is made, for each redirect too.
 */
final class ApiTargetRules {
    static final String BASE_URL_FIELD = "spec.connection.baseUrl";
    /** Names of cloud metadata services and of this machine; their addresses are refused anyway. */
    private static final Set<String> REFUSED_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private ApiTargetRules() {
    }

    /** The URL's host as written: a name or literal address this server never calls. */
    static Optional<TargetRefusal> checkUrl(String url, String field, Set<String> allowedHosts) {
        String host = hostOf(url);
        if (host == null) {
            return Optional.of(new TargetRefusal(field, "api-address", "the URL has no host: " + url));
        }
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        if (REFUSED_NAMES.contains(host) || host.endsWith(".localhost")) {
            return refuse(field, host, "names this machine or a cloud metadata service");
        }
        if (looksLiteral(host)) {
            try {
                // A literal is parsed, never looked up.
                return checkAddress(host, InetAddress.getByName(host), field, allowedHosts);
            } catch (UnknownHostException e) {
                return Optional.empty(); // not an address after all; the call will resolve it
            }
        }
        return Optional.empty();
    }

    /** One address the host resolved to, just before it is connected to. */
    static Optional<TargetRefusal> checkAddress(String host, InetAddress address, String field,
                                                Set<String> allowedHosts) {
        String normalisedHost = host.toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(normalisedHost) || allowedHosts.contains(address.getHostAddress())) {
            return Optional.empty();
        }
        return refusedKind(address).flatMap(kind -> refuse(field, host, "resolves to " + address.getHostAddress()
                + ", " + kind));
    }

    /** What makes an address one a plugin may not call, or empty for a public address. */
    static Optional<String> refusedKind(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusedKind(embedded.get());
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique-local address (fc00::/7, which holds the fd00:ec2::254 metadata"
                        + " service)");
            }
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (169.254.0.0/16 holds the 169.254.169.254 metadata service)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("an address of this network (0.0.0.0/8)");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a shared address (100.64.0.0/10, carrier-grade NAT and some metadata services)");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("an IETF protocol address (192.0.0.0/24)");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("a benchmarking address (198.18.0.0/15)");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address");
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-compatible, IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        byte[] v4 = null;
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
            boolean allZero = Arrays.equals(Arrays.copyOfRange(b, 0, 15), new byte[15]);
            if (allZero && (b[15] == 0 || b[15] == 1)) {
                return Optional.empty(); // :: and ::1 are the IPv6 unspecified and loopback addresses
            }
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The host of an http(s) URL, lower case and without IPv6 brackets, or null. */
    static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                return null;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return host.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Digits and dots (Java reads "127.1" and "2130706433" as addresses too), or an IPv6 literal. */
    private static boolean looksLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static Optional<TargetRefusal> refuse(String field, String host, String why) {
        return Optional.of(new TargetRefusal(field, "api-address", host + " " + why + "; this server calls no such"
                + " address unless the operator allows the host in the server settings"));
    }
}
