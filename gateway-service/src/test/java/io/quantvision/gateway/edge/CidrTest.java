package io.quantvision.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

  private static final List<Cidr> PRIVATE =
      Cidr.parseAll(
          List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fd00::/8"));

  @Test
  void matchesAddressesInsideTheNetworksOnly() {
    assertThat(Cidr.anyContains(PRIVATE, "10.255.1.2")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "172.31.255.255")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "172.32.0.1")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "192.169.0.1")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "::1")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "fd12:3456::1")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "2001:db8::1")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "[::1]")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "fe80::1%eth0")).isFalse();
  }

  @Test
  void readsIpv4MappedAddressesAsIpv4() {
    assertThat(Cidr.anyContains(PRIVATE, "::ffff:10.1.2.3")).isTrue();
    assertThat(Cidr.anyContains(PRIVATE, "::ffff:8.8.8.8")).isFalse();
    assertThat(Cidr.literal("::ffff:192.168.0.1")).containsExactly(192, 168, 0, 1);
  }

  @Test
  void neverResolvesHostNames() {
    assertThat(Cidr.anyContains(PRIVATE, "localhost")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "10.0.0.1.evil.example")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, null)).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "10.0.0.256")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "10.0.0")).isFalse();
    assertThat(Cidr.anyContains(PRIVATE, "1::2::3")).isFalse();
  }

  @Test
  void refusesMalformedNetworks() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("example.com/8"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
