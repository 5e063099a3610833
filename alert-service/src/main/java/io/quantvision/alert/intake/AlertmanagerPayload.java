package io.quantvision.alert.intake;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook body, payload version 4 (camelCase on the wire, unlike our own API).
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerPayload(
    @JsonProperty("version") @NotNull @Pattern(regexp = "4", message = "must be \"4\"")
        String version,
    @JsonProperty("groupKey") @NotBlank @Size(max = 4096) String groupKey,
    @JsonProperty("truncatedAlerts") Integer truncatedAlerts,
    @JsonProperty("status") @NotNull @Pattern(regexp = "firing|resolved") String status,
    @JsonProperty("receiver") String receiver,
    @JsonProperty("groupLabels") Map<String, String> groupLabels,
    @JsonProperty("commonLabels") Map<String, String> commonLabels,
    @JsonProperty("commonAnnotations") Map<String, String> commonAnnotations,
    @JsonProperty("externalURL") String externalUrl,
    @JsonProperty("alerts") @NotNull @Size(min = 1, max = 1000)
        List<@Valid @NotNull Alert> alerts) {

  /** One alert of the group. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alert(
      @JsonProperty("status") @NotNull @Pattern(regexp = "firing|resolved") String status,
      @JsonProperty("labels") @NotNull Map<String, String> labels,
      @JsonProperty("annotations") Map<String, String> annotations,
      @JsonProperty("startsAt") @NotNull Instant startsAt,
      @JsonProperty("endsAt") Instant endsAt,
      @JsonProperty("generatorURL") String generatorUrl,
      @JsonProperty("fingerprint") @NotBlank @Size(max = 200) String fingerprint) {}
}
