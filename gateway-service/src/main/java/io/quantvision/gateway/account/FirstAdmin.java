package io.quantvision.gateway.account;

import io.quantvision.common.security.Roles;
import io.quantvision.gateway.audit.ChainedAuditLog;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Origin;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.jboss.logging.Logger;

/** Creates the first admin from QV_ADMIN_EMAIL / QV_ADMIN_PASSWORD when no such account exists. */
@ApplicationScoped
public class FirstAdmin {

  private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

  private final AccountService accounts;
  private final ChainedAuditLog audit;
  private final IdentityConfig config;

  FirstAdmin(AccountService accounts, ChainedAuditLog audit, IdentityConfig config) {
    this.accounts = accounts;
    this.audit = audit;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    var email = config.admin().email().filter(e -> !e.isBlank());
    var password = config.admin().password().filter(p -> !p.isBlank());
    if (email.isEmpty() || password.isEmpty()) {
      LOG.info("QV_ADMIN_EMAIL / QV_ADMIN_PASSWORD not set: no start-up admin");
      return;
    }
    // Several instances may start at once: the unique email makes only one insert win.
    accounts
        .createIfAbsent(email.get(), password.get(), Set.of(Roles.ADMIN, Roles.TRADER))
        .ifPresent(
            admin -> {
              LOG.infof("created the first admin %s", admin.id());
              audit.record(
                  "system",
                  "admin.bootstrap",
                  admin.id().toString(),
                  "success",
                  new Origin(null, null));
            });
  }
}
