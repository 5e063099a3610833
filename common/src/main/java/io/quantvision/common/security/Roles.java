package io.quantvision.common.security;

import java.util.List;

/** The role names carried in the JWT {@code groups} claim, ordered from least to most privilege. */
public final class Roles {

  public static final String VIEWER = "viewer";
  public static final String TRADER = "trader";
  public static final String ADMIN = "admin";

  /** Every role, least privileged first. */
  public static final List<String> ALL = List.of(VIEWER, TRADER, ADMIN);

  /** The {@code amr} value a token carries once its holder has passed a TOTP check. */
  public static final String AMR_OTP = "otp";

  private Roles() {}

  public static boolean isKnown(String role) {
    return ALL.contains(role);
  }
}
