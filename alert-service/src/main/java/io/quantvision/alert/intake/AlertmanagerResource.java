package io.quantvision.alert.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.alert.AlertConfig;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Alertmanager's webhook receiver. Reached inside the network only, authenticated by the shared
 * bearer token (not a user JWT). The token is checked before the body is read; a body that is not a
 * valid version-4 payload is refused whole (400, nothing stored).
 */
@Path("/api/v1/alerts/webhook/alertmanager")
public class AlertmanagerResource {

  private final WebhookIntake intake;
  private final InFlightNotifications inFlight;
  private final AlertConfig config;
  private final ObjectMapper json;
  private final Validator validator;

  AlertmanagerResource(
      WebhookIntake intake,
      InFlightNotifications inFlight,
      AlertConfig config,
      ObjectMapper json,
      Validator validator) {
    this.intake = intake;
    this.inFlight = inFlight;
    this.config = config;
    this.json = json;
    this.validator = validator;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public WebhookIntake.Receipt receive(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body)
      throws IOException {
    authenticate(authorization);
    AlertmanagerPayload payload = json.readValue(body, AlertmanagerPayload.class);
    if (payload == null) {
      throw ProblemException.badRequest("The body is empty");
    }
    Set<ConstraintViolation<AlertmanagerPayload>> violations = validator.validate(payload);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return inFlight.take(payload, intake::take);
  }

  private void authenticate(String authorization) {
    String expected = config.webhookToken().filter(t -> !t.isBlank()).orElse(null);
    String given =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim()
            : null;
    boolean ok =
        expected != null
            && given != null
            && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      throw new ProblemException(
          Problem.of(
              401,
              "unauthorized",
              "Unauthorized",
              expected == null
                  ? "The webhook token is not configured"
                  : "A valid webhook bearer token is required"));
    }
  }
}
