package io.quantvision.alert.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.alert.AlertView;
import io.quantvision.alert.db.Db;
import io.quantvision.alert.metrics.AlertMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The delivery outbox. Rows are written inside the transaction that changes the alert; the worker
 * claims due rows per channel, at most one in flight per dedup key (so a key's trigger, acknowledge
 * and resolve reach the channel in that order), and records the outcome.
 */
@ApplicationScoped
public class DeliveryStore {

  private static final Logger LOG = Logger.getLogger(DeliveryStore.class);

  /** A claimed delivery. */
  public record Claimed(
      long id,
      UUID alertId,
      Channel channel,
      Action action,
      String dedupKey,
      String recipient,
      String payload,
      int attempts,
      Instant createdAt,
      String groupKey,
      List<Long> ids) {

    /** A delivery of its own, or the first of a group sent as one message. */
    Claimed withGroup(String payload, List<Long> ids) {
      return new Claimed(
          id,
          alertId,
          channel,
          action,
          dedupKey,
          recipient,
          payload,
          attempts,
          createdAt,
          groupKey,
          List.copyOf(ids));
    }
  }

  private final Db db;
  private final Messages messages;
  private final ChannelSettings settings;
  private final AlertConfig config;
  private final AlertMetrics metrics;
  private final ObjectMapper json;
  private final TransactionSynchronizationRegistry transactions;
  private final Instance<DeliveryWorker> worker;

  DeliveryStore(
      Db db,
      Messages messages,
      ChannelSettings settings,
      AlertConfig config,
      AlertMetrics metrics,
      ObjectMapper json,
      TransactionSynchronizationRegistry transactions,
      Instance<DeliveryWorker> worker) {
    this.db = db;
    this.messages = messages;
    this.settings = settings;
    this.config = config;
    this.metrics = metrics;
    this.json = json;
    this.transactions = transactions;
    this.worker = worker;
  }

  /**
   * PagerDuty's dedup key for an alert: its fingerprint (hashed only when longer than PagerDuty's
   * 255 characters), so every instance and every restart computes the same one.
   */
  public static String dedupKey(String fingerprint) {
    if (fingerprint.length() <= 255) {
      return fingerprint;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:"
          + HexFormat.of().formatHex(sha.digest(fingerprint.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes one delivery in the caller's transaction. A channel that is not configured gets a row
   * marked {@code skipped} (logged and counted) rather than nothing, so the gap shows.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void enqueue(AlertView alert, Channel channel, Action action, int round) {
    String recipient = channel == Channel.EMAIL ? settings.emailRecipient(alert) : null;
    String dedupKey = dedupKey(alert.fingerprint());
    ObjectNode payload = messages.build(channel, action, alert, dedupKey);
    boolean configured = settings.configured(channel, recipient);
    String groupKey = configured ? groupKey(channel, action, alert) : null;
    Instant due = groupKey == null ? Instant.now() : groupDue(channel, groupKey, recipient, alert);
    int inserted =
        db.update(
            "INSERT INTO delivery (alert_id, channel, action, dedup_key, round, recipient, payload,"
                + " status, last_error, group_key, next_attempt_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)"
                + " ON CONFLICT (alert_id, channel, action, round) DO NOTHING",
            alert.id(),
            channel.wire(),
            action.wire(),
            dedupKey,
            round,
            recipient,
            payload.toString(),
            configured ? "pending" : "skipped",
            configured ? null : "not configured",
            groupKey,
            due);
    if (inserted == 0) {
      return;
    }
    if (!configured) {
      LOG.warnf(
          "alert %s: %s %s skipped, channel not configured",
          alert.id(), channel.wire(), action.wire());
      metrics.delivery(channel, "skipped");
      return;
    }
    wakeAfterCommit();
  }

  /**
   * The group of a trigger towards Slack or email (null = sent on its own): the values of the
   * group-by labels. PagerDuty is never grouped: it groups incidents by dedup key itself.
   */
  private String groupKey(Channel channel, Action action, AlertView alert) {
    AlertConfig.Grouping grouping = config.grouping();
    if (!grouping.enabled() || channel == Channel.PAGERDUTY || action != Action.TRIGGER) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (String label : grouping.by()) {
      if (!key.isEmpty()) {
        key.append(',');
      }
      key.append(label).append('=').append(alert.labels().getOrDefault(label, ""));
    }
    return key.toString();
  }

  /**
   * When a grouped trigger is due: after group_wait (critical: its own, shorter wait), and not
   * before group_interval has passed since the group was last sent (critical alerts excepted).
   */
  private Instant groupDue(Channel channel, String groupKey, String recipient, AlertView alert) {
    Instant now = Instant.now();
    AlertConfig.Grouping grouping = config.grouping();
    if ("critical".equals(alert.severity())) {
      return now.plus(grouping.criticalGroupWait());
    }
    Instant due = now.plus(grouping.groupWait());
    Optional<Instant> lastSent =
        db.one(
            "SELECT last_sent_at FROM delivery_group WHERE channel = ? AND group_key = ?"
                + " AND recipient = ?",
            rs -> Db.instant(rs, "last_sent_at"),
            channel.wire(),
            groupKey,
            recipient == null ? "" : recipient);
    if (lastSent.isPresent()) {
      Instant next = lastSent.get().plus(grouping.groupInterval());
      if (next.isAfter(due)) {
        due = next;
      }
    }
    return due;
  }

  /** The channels told that this alert fired (not counting skipped ones). */
  public Set<Channel> notifiedChannels(UUID alertId) {
    Set<Channel> channels = EnumSet.noneOf(Channel.class);
    db.query(
            "SELECT DISTINCT channel FROM delivery WHERE alert_id = ? AND action = 'trigger'"
                + " AND status <> 'skipped'",
            rs -> Channel.named(rs.getString(1)),
            alertId)
        .forEach(c -> c.ifPresent(channels::add));
    return channels;
  }

  public int nextRound(UUID alertId) {
    return (int)
        db.count(
            "SELECT coalesce(max(round), -1) + 1 FROM delivery WHERE alert_id = ?"
                + " AND action = 'trigger'",
            alertId);
  }

  /**
   * Claims up to {@code limit} due deliveries of a channel, oldest first, at most one per dedup key
   * and none whose key has an older delivery still open. Deliveries an instance claimed and never
   * finished (it died) are due again once their lease ran out.
   */
  @Transactional
  public List<Claimed> claim(Channel channel, int limit) {
    Instant now = Instant.now();
    db.updateReplanned(
        "UPDATE delivery SET status = 'pending', lease_until = NULL"
            + " WHERE channel = ? AND status = 'sending' AND lease_until < ?",
        channel.wire(),
        now);
    List<Claimed> claimed =
        db.queryReplanned(
            "SELECT d.* FROM delivery d WHERE d.channel = ? AND d.status = 'pending'"
                + " AND d.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM delivery e"
                + " WHERE e.channel = d.channel AND e.dedup_key = d.dedup_key AND e.id < d.id"
                + " AND e.status IN ('pending', 'sending'))"
                + " ORDER BY d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED",
            rs -> claimed(rs, channel),
            channel.wire(),
            now,
            limit);
    List<Claimed> result = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    Set<Long> taken = new HashSet<>();
    Map<String, Integer> groups = new HashMap<>();
    for (Claimed c : claimed) {
      // two rows of one key can both look free to one statement only if both are pending and
      // neither is older than the other: impossible, ids differ; still, never send two at once
      if (taken.contains(c.id()) || !keys.add(c.dedupKey())) {
        continue;
      }
      taken.add(c.id());
      if (c.groupKey() == null) {
        result.add(c.withGroup(c.payload(), List.of(c.id())));
        continue;
      }
      String group = c.groupKey() + "\u0000" + (c.recipient() == null ? "" : c.recipient());
      if (groups.containsKey(group)) {
        continue; // already sent with an earlier member of its group
      }
      // the group is due: every pending trigger of it goes along, due or not (Alertmanager
      // flushes the whole group), up to the size of one message
      List<Claimed> members = new ArrayList<>();
      members.add(c);
      for (Claimed m : groupMembers(channel, c)) {
        if (members.size() >= config.grouping().maxAlerts()) {
          break;
        }
        if (!taken.contains(m.id()) && keys.add(m.dedupKey())) {
          taken.add(m.id());
          members.add(m);
        }
      }
      groups.put(group, result.size());
      List<Long> ids = members.stream().map(Claimed::id).toList();
      String payload =
          members.size() == 1
              ? c.payload()
              : messages
                  .group(channel, c.groupKey(), members.stream().map(Claimed::payload).toList())
                  .toString();
      result.add(c.withGroup(payload, ids));
      db.update(
          "INSERT INTO delivery_group (channel, group_key, recipient, last_sent_at)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT (channel, group_key, recipient)"
              + " DO UPDATE SET last_sent_at = EXCLUDED.last_sent_at",
          channel.wire(),
          c.groupKey(),
          c.recipient() == null ? "" : c.recipient(),
          now);
    }
    Instant lease = now.plus(config.delivery().lease());
    for (Claimed c : result) {
      db.updateReplanned(
          "UPDATE delivery SET status = 'sending', lease_until = ?, attempts = attempts + 1"
              + " WHERE id = ANY(?)",
          lease,
          c.ids().toArray(Long[]::new));
    }
    return result;
  }

  /** The other pending triggers of a claimed delivery's group that may go now. */
  private List<Claimed> groupMembers(Channel channel, Claimed first) {
    return db.queryReplanned(
        "SELECT d.* FROM delivery d WHERE d.channel = ? AND d.group_key = ?"
            + " AND d.recipient IS NOT DISTINCT FROM ? AND d.status = 'pending' AND d.id <> ?"
            + " AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.channel = d.channel"
            + " AND e.dedup_key = d.dedup_key AND e.id < d.id AND e.status IN ('pending', 'sending'))"
            + " ORDER BY d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED",
        rs -> claimed(rs, channel),
        channel.wire(),
        first.groupKey(),
        first.recipient(),
        first.id(),
        config.grouping().maxAlerts());
  }

  private static Claimed claimed(java.sql.ResultSet rs, Channel channel)
      throws java.sql.SQLException {
    long id = rs.getLong("id");
    return new Claimed(
        id,
        rs.getObject("alert_id", UUID.class),
        channel,
        Action.of(rs.getString("action")),
        rs.getString("dedup_key"),
        rs.getString("recipient"),
        rs.getString("payload"),
        // this claim is an attempt (claim() counts it in the row): backoff and logs start at 1
        rs.getInt("attempts") + 1,
        Db.instant(rs, "created_at"),
        rs.getString("group_key"),
        List.of(id));
  }

  /** Records a batch of deliveries as delivered in one statement. */
  @Transactional
  public void delivered(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    db.updateReplanned(
        "UPDATE delivery SET status = 'delivered', delivered_at = ?, lease_until = NULL,"
            + " last_error = NULL WHERE id = ANY(?)",
        Instant.now(),
        ids.toArray(Long[]::new));
  }

  @Transactional
  public void retry(Claimed c, Instant next, String error) {
    db.updateReplanned(
        "UPDATE delivery SET status = 'pending', next_attempt_at = ?, lease_until = NULL,"
            + " last_error = ? WHERE id = ANY(?)",
        next,
        error,
        c.ids().toArray(Long[]::new));
  }

  @Transactional
  public void failed(Claimed c, String error) {
    db.updateReplanned(
        "UPDATE delivery SET status = 'failed', lease_until = NULL, last_error = ?"
            + " WHERE id = ANY(?)",
        error,
        c.ids().toArray(Long[]::new));
  }

  public Duration giveUpAfter() {
    return config.delivery().giveUpAfter();
  }

  private void wakeAfterCommit() {
    if (transactions.getTransactionKey() == null) {
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED && worker.isResolvable()) {
              worker.get().wake();
            }
          }
        });
  }

  String toJson(Object value) {
    return json.valueToTree(value).toString();
  }
}
