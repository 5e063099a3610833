package io.quantvision.trading.risk;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;

/** A pre-trade check said no: 422 problem+json with a machine-readable {@code reason}. */
public class RiskRejection extends ProblemException {

  private final RiskReason reason;

  public RiskRejection(RiskReason reason, String detail) {
    super(
        Problem.of(422, "risk-rejected", "Order rejected by a risk check", detail)
            .with("reason", reason.code()));
    this.reason = reason;
  }

  public RiskReason reason() {
    return reason;
  }
}
