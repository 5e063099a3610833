package io.quantvision.gateway.edge;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a /32 or /128).
 */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP network: " + text);
    }
    int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("bad prefix length in " + text);
    }
    return new Cidr(bytes, prefix);
  }

  public static List<Cidr> parseAll(List<String> texts) {
    return texts.stream().filter(t -> !t.isBlank()).map(Cidr::parse).toList();
  }

  public static boolean anyContains(List<Cidr> networks, String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Cidr network : networks) {
      if (network.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

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
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }

  /**
   * The bytes of an IP literal, or null for anything else (never a DNS lookup). IPv4-mapped IPv6
   * addresses come back as IPv4, as Java's resolver returns them. Netty's parser: every request
   * asks this several times (client address, trusted proxy, allow-list), and the regular
   * expressions plus {@code InetAddress} it replaces were 5% of the gateway's CPU under load.
   */
  static byte[] literal(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes != null && bytes.length == 16 && ipv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean ipv4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
  }
}
