package io.quantvision.trading.risk;

import io.quantvision.common.security.Roles;
import io.quantvision.trading.account.Accounts;
import io.quantvision.trading.identity.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Per-account risk limits: admins read and override the configured defaults. */
@Path("/api/v1/admin/trading/accounts/{userId}/risk-limits")
@RolesAllowed(Roles.ADMIN)
public class RiskLimitsResource {

  private final EntityManager em;
  private final Accounts accounts;
  private final RiskLimits defaults;
  private final Callers callers;

  RiskLimitsResource(EntityManager em, Accounts accounts, RiskLimits defaults, Callers callers) {
    this.em = em;
    this.accounts = accounts;
    this.defaults = defaults;
    this.callers = callers;
  }

  /** Overrides; an absent (null) member goes back to the configured default. */
  public record LimitsRequest(
      @Positive @DecimalMax("1000000000") BigDecimal maxOrderNotional,
      @Positive @DecimalMax("1000000000") BigDecimal maxPositionQty,
      @Positive @Max(100000) Integer maxOpenOrders,
      @Positive @Max(100000) Integer maxOrdersPerMinute,
      @Positive @DecimalMax("100") BigDecimal priceBandPercent,
      List<@Pattern(regexp = "[A-Za-z][A-Za-z0-9.]{0,9}") String> allowedSymbols) {}

  @GET
  @Transactional
  public EffectiveLimits get(@PathParam("userId") String userId) {
    return EffectiveLimits.of(
        defaults, Optional.ofNullable(em.find(AccountRiskLimits.class, userId)));
  }

  @PUT
  @Transactional
  public EffectiveLimits put(@PathParam("userId") String userId, @Valid LimitsRequest request) {
    accounts.findOrOpen(userId);
    AccountRiskLimits limits = em.find(AccountRiskLimits.class, userId);
    boolean created = limits == null;
    if (created) {
      limits = new AccountRiskLimits();
      limits.userId = userId;
    }
    LimitsRequest r =
        request == null ? new LimitsRequest(null, null, null, null, null, null) : request;
    limits.maxOrderNotional = r.maxOrderNotional();
    limits.maxPositionQty = r.maxPositionQty();
    limits.maxOpenOrders = r.maxOpenOrders();
    limits.maxOrdersPerMinute = r.maxOrdersPerMinute();
    limits.priceBandPercent = r.priceBandPercent();
    limits.allowedSymbols =
        r.allowedSymbols() == null ? null : String.join(",", r.allowedSymbols());
    limits.updatedBy = callers.current().userId();
    limits.updatedAt = Instant.now();
    if (created) {
      em.persist(limits);
    }
    return EffectiveLimits.of(defaults, Optional.of(limits));
  }
}
