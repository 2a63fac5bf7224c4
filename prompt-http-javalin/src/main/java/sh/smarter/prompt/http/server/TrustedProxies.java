package sh.smarter.prompt.http.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} count. From any other peer those headers
 * are ignored: anyone can send them. The client is the rightmost address in {@code X-Forwarded-For} that is not a
 * trusted proxy (each proxy appends the peer it saw, so everything left of the first untrusted hop is the client's
 * own claim); the scheme is the rightmost {@code X-Forwarded-Proto} value, the one the nearest proxy set.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    /** Only literal addresses: a CIDR must never make the server resolve a host name. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Parses CIDRs such as {@code 10.0.0.0/8}, {@code 192.0.2.7} or {@code fd00::/8}; a bad one is an error. */
    public static TrustedProxies of(List<String> cidrs) {
        return new TrustedProxies(cidrs == null ? List.of() : cidrs.stream().map(TrustedProxies::block).toList());
    }

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private static Block block(String cidr) {
        String text = cidr == null ? "" : cidr.strip();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] network = literal(host).orElseThrow(() -> new IllegalArgumentException("trusted proxy " + text
                + " is not an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8"));
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("trusted proxy " + text + ": the prefix length must be 0 to " + max);
            }
        }
        return new Block(network, prefix);
    }

    private static Optional<byte[]> literal(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || !LITERAL.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean isTrusted(String address) {
        Optional<byte[]> bytes = address == null ? Optional.empty() : literal(address);
        return bytes.isPresent() && blocks.stream().anyMatch(block -> block.contains(bytes.get()));
    }

    /** The client's address: the peer, or, behind trusted proxies, the rightmost untrusted forwarded hop. */
    public String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop).isEmpty()) {
                return client; // garbage from further left is not an address: stop at the last good hop
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The scheme the client used: {@code http} or {@code https} from a trusted proxy, else the connection's. */
    public String scheme(String peer, String connectionScheme, String forwardedProto) {
        if (forwardedProto == null || !isTrusted(peer)) {
            return connectionScheme;
        }
        String[] values = forwardedProto.split(",");
        String last = values[values.length - 1].strip().toLowerCase(Locale.ROOT);
        return last.equals("http") || last.equals("https") ? last : connectionScheme;
    }
}
