package io.quantvision.gateway.account;

import java.util.Set;
import java.util.UUID;

/** An account as stored; the password hash and TOTP secret never leave the gateway. */
public record User(
    UUID id,
    String email,
    String passwordHash,
    Set<String> roles,
    byte[] totpSecret,
    boolean totpEnabled,
    Long totpLastStep) {}
