package io.quantvision.gateway.identity;

/**
 * Mints the short-lived RS256 access token the gateway forwards upstream for a call authenticated
 * by an API key (the four services verify JWTs only). Same issuer, claims and key as login tokens.
 */
public interface UpstreamTokens {

  String forApiKey(ApiKeyVerifier.KeyOwner owner);
}
