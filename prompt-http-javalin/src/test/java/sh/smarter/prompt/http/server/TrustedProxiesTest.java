package sh.smarter.prompt.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

    @Test
    void the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy() {
        assertThat(proxies.clientAddress("10.0.0.1", "203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(proxies.clientAddress("10.0.0.1", "6.6.6.6, 203.0.113.5, 192.0.2.7")).isEqualTo("203.0.113.5");
        assertThat(proxies.clientAddress("fd00::1", "2001:db8::9")).isEqualTo("2001:db8::9");
        // Only proxies all the way: the leftmost hop is as far as anyone can tell.
        assertThat(proxies.clientAddress("10.0.0.1", "10.9.9.9, 10.0.0.2")).isEqualTo("10.9.9.9");
        // Garbage left of the proxies stops the walk at the last real address.
        assertThat(proxies.clientAddress("10.0.0.1", "not-an-ip, 10.0.0.2")).isEqualTo("10.0.0.2");
    }

    @Test
    void forwarded_headers_from_anyone_else_are_ignored() {
        assertThat(proxies.clientAddress("203.0.113.5", "1.2.3.4")).isEqualTo("203.0.113.5");
        assertThat(proxies.clientAddress("11.0.0.1", "1.2.3.4")).isEqualTo("11.0.0.1");
        assertThat(proxies.scheme("203.0.113.5", "http", "https")).isEqualTo("http");
        assertThat(TrustedProxies.NONE.clientAddress("10.0.0.1", "1.2.3.4")).isEqualTo("10.0.0.1");
    }

    @Test
    void the_scheme_is_the_one_the_nearest_proxy_set() {
        assertThat(proxies.scheme("10.0.0.1", "http", "https")).isEqualTo("https");
        assertThat(proxies.scheme("10.0.0.1", "http", "https, http")).isEqualTo("http");
        assertThat(proxies.scheme("10.0.0.1", "http", "gopher")).isEqualTo("http");
    }

    @Test
    void a_bad_cidr_is_refused_with_the_value_and_never_resolved_as_a_host_name() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("localhost")))
                .hasMessage("trusted proxy localhost is not an IP address or CIDR block such as 10.0.0.0/8 or "
                        + "fd00::/8");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
                .hasMessage("trusted proxy 10.0.0.0/33: the prefix length must be 0 to 32");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
    }
}
