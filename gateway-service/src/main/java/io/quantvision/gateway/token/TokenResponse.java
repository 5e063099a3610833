package io.quantvision.gateway.token;

/** The RFC 6749 section 5.1 token response (snake_case on the wire). */
public record TokenResponse(
    String accessToken, String tokenType, long expiresIn, String refreshToken) {

  public static TokenResponse bearer(String accessToken, long expiresIn, String refreshToken) {
    return new TokenResponse(accessToken, "Bearer", expiresIn, refreshToken);
  }
}
