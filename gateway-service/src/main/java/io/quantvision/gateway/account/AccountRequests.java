package io.quantvision.gateway.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** Request and response bodies of the account endpoints. */
public final class AccountRequests {

  private AccountRequests() {}

  public record Register(
      @NotBlank @Email @Size(max = 254) String email,
      // the minimum length is a setting, checked in AccountService (it names the field too)
      @NotBlank @Size(max = 1024) String password) {}

  public record Login(
      @NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {}

  public record Refresh(@NotBlank @Size(max = 200) String refreshToken) {}

  public record GrantRoles(@NotEmpty Set<@NotBlank String> roles) {}

  public record UserView(String id, String email, List<String> roles) {
    static UserView of(User user) {
      return new UserView(user.id().toString(), user.email(), sorted(user.roles()));
    }
  }

  public record Me(
      String id, String email, List<String> roles, List<String> amr, boolean twoFactorEnabled) {}

  static List<String> sorted(Set<String> roles) {
    return io.quantvision.common.security.Roles.ALL.stream().filter(roles::contains).toList();
  }
}
