package io.quantvision.alert.routing;

import io.quantvision.alert.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Inhibition rules, as Alertmanager applies them: an alert matching a rule's target matchers is not
 * notified while an alert matching its source matchers is firing with equal values for the rule's
 * {@code equal} labels. An alert never inhibits itself.
 */
@ApplicationScoped
public class Inhibitions {

  /** One configured rule. */
  public record Rule(List<Matcher> source, List<Matcher> target, List<String> equal) {
    boolean targets(Map<String, String> labels) {
      return target.stream().allMatch(m -> m.matches(labels));
    }

    boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
      return source.stream().allMatch(m -> m.matches(sourceLabels))
          && equal.stream()
              .allMatch(
                  l -> sourceLabels.getOrDefault(l, "").equals(targetLabels.getOrDefault(l, "")));
    }
  }

  /** A firing alert that might inhibit others. */
  public record Firing(String fingerprint, Map<String, String> labels) {}

  private final List<Rule> rules;

  Inhibitions(AlertConfig config) {
    this.rules =
        config.inhibitRules().stream()
            .map(
                r ->
                    new Rule(
                        r.sourceMatchers().stream().map(Matcher::parse).toList(),
                        r.targetMatchers().stream().map(Matcher::parse).toList(),
                        r.equal().orElse(List.of())))
            .toList();
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * The fingerprint of a firing alert that inhibits one with these labels, if any. {@code
   * candidates} returns the firing alerts whose labels contain the given ones (the rule's plain
   * equality source matchers and its {@code equal} labels with the target's values), so the store
   * narrows the search with an index and this class checks the rest.
   */
  public Optional<String> inhibitor(
      String fingerprint,
      Map<String, String> labels,
      Function<Map<String, String>, List<Firing>> candidates) {
    for (Rule rule : rules) {
      if (!rule.targets(labels)) {
        continue;
      }
      Map<String, String> required = new HashMap<>();
      for (Matcher m : rule.source()) {
        if (m.isEqual() && !m.isRegex() && !m.value().isEmpty()) {
          required.put(m.name(), m.value());
        }
      }
      for (String l : rule.equal()) {
        String value = labels.getOrDefault(l, "");
        if (!value.isEmpty()) {
          required.put(l, value);
        }
      }
      for (Firing candidate : candidates.apply(required)) {
        if (!candidate.fingerprint().equals(fingerprint)
            && rule.inhibits(candidate.labels(), labels)) {
          return Optional.of(candidate.fingerprint());
        }
      }
    }
    return Optional.empty();
  }

  public boolean anyTargets(Map<String, String> labels) {
    return rules.stream().anyMatch(r -> r.targets(labels));
  }
}
