package io.quantvision.analysis.report;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/** When the model cannot give a usable answer: say why, and let the rule-based report stand in. */
public class LlmFallback implements FallbackHandler<LlmAnswer> {

  private static final Logger LOG = Logger.getLogger(LlmFallback.class);

  @Override
  public LlmAnswer handle(ExecutionContext context) {
    Throwable failure = context.getFailure();
    LlmAnswer answer =
        switch (failure) {
          case TimeoutException t ->
              LlmAnswer.failed(LlmAnswer.TIMEOUT, "the model did not answer in time");
          case InvalidAnswerException e -> LlmAnswer.failed(LlmAnswer.INVALID, e.getMessage());
          case BudgetExhaustedException e -> LlmAnswer.failed(LlmAnswer.BUDGET, e.getMessage());
          case CircuitBreakerOpenException e ->
              LlmAnswer.failed(LlmAnswer.ERROR, "the LLM circuit is open after repeated failures");
          default -> LlmAnswer.failed(LlmAnswer.ERROR, String.valueOf(failure.getMessage()));
        };
    LOG.warnf("LLM report falls back (%s): %s", answer.outcome(), answer.detail());
    return answer;
  }
}
