package io.quantvision.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed settings of the alert service; every default is also in application.properties. */
@ConfigMapping(prefix = "alert")
public interface AlertConfig {

  /** The bearer token Alertmanager sends; unset = the webhook refuses every call. */
  Optional<String> webhookToken();

  /** A firing alert that nobody resolved or acknowledged is notified again after this long. */
  @WithDefault("4h")
  Duration repeatInterval();

  /** Resolved alerts older than this are purged. */
  @WithDefault("P90D")
  Duration retention();

  @WithDefault("1h")
  Duration purgeInterval();

  /** How often the gauges (deliveries waiting, alerts open) are read from PostgreSQL. */
  @WithDefault("5s")
  Duration metricsRefresh();

  Routes routes();

  /** Inhibition rules, Alertmanager semantics (source matchers, target matchers, equal labels). */
  List<InhibitRule> inhibitRules();

  Pagerduty pagerduty();

  Slack slack();

  Email email();

  Delivery delivery();

  Grouping grouping();

  Monitoring monitoring();

  /** Channels per severity; a label {@code route} (comma-separated channels) overrides them. */
  interface Routes {
    @WithDefault("pagerduty")
    List<String> critical();

    @WithDefault("slack")
    List<String> warning();

    @WithDefault("email")
    List<String> info();
  }

  interface InhibitRule {
    List<String> sourceMatchers();

    List<String> targetMatchers();

    Optional<List<String>> equal();
  }

  interface Pagerduty {
    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    String eventsUrl();

    Optional<String> routingKey();

    /** PagerDuty accepts about 120 events per minute per routing key. */
    @WithDefault("120")
    double ratePerMinute();
  }

  interface Slack {
    Optional<String> webhookUrl();

    /** Slack incoming webhooks take about one message per second. */
    @WithDefault("60")
    double ratePerMinute();
  }

  interface Email {
    Optional<String> from();

    /** Where alerts go that name no user of their own. */
    Optional<String> to();

    @WithDefault("60")
    double ratePerMinute();
  }

  interface Delivery {
    /** How often the worker looks for due deliveries when nothing woke it. */
    @WithDefault("200ms")
    Duration pollInterval();

    @WithDefault("50")
    int batchSize();

    @WithDefault("1s")
    Duration backoffBase();

    @WithDefault("5m")
    Duration backoffMax();

    /** A delivery still failing after this long is given up (status failed). */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** A delivery claimed by an instance that died is taken over after this long. */
    @WithDefault("1m")
    Duration lease();

    /** One HTTP or SMTP call may take this long. */
    @WithDefault("5s")
    Duration timeout();

    @WithDefault("true")
    boolean enabled();
  }

  /**
   * Alertmanager's grouping window for Slack and email: trigger notifications whose group-by labels
   * agree are held for {@code groupWait} and sent as one message; later additions to a group that
   * was sent wait until {@code groupInterval} after it. PagerDuty is never grouped (it groups by
   * dedup key itself).
   */
  interface Grouping {
    @WithDefault("true")
    boolean enabled();

    /** The labels whose values make a group (besides the channel and the email recipient). */
    @WithDefault("alertname,service")
    List<String> by();

    @WithDefault("30s")
    Duration groupWait();

    /** A critical alert is held at most this long (not held back by groupInterval either). */
    @WithDefault("0s")
    Duration criticalGroupWait();

    @WithDefault("5m")
    Duration groupInterval();

    /** At most this many alerts in one message (Slack allows 50 blocks); the rest follow. */
    @WithDefault("40")
    int maxAlerts();
  }

  interface Monitoring {
    /** Service name → base URL of its management interface (readiness at /q/health/ready). */
    Map<String, String> services();

    @WithDefault("2s")
    Duration timeout();

    /** More pending deliveries than this makes the status yellow. */
    @WithDefault("100")
    long backlogWarning();
  }
}
