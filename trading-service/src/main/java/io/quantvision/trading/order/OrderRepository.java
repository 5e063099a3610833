package io.quantvision.trading.order;

import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Reads of a user's orders: filters and keyset paging on (created_at, id), newest first. */
@ApplicationScoped
public class OrderRepository {

  private static final List<String> OPEN =
      OrderStatus.OPEN.stream().map(OrderStatus::wire).toList();

  private final EntityManager em;

  OrderRepository(EntityManager em) {
    this.em = em;
  }

  /** {@code status}: open, closed, all, or one order status. */
  @Transactional
  public OrderPage list(
      String userId,
      String status,
      List<String> symbols,
      String side,
      int limit,
      String pageToken) {
    StringBuilder jpql = new StringBuilder("FROM Order o WHERE o.userId = :user");
    List<String> statuses = statuses(status);
    if (statuses != null) {
      jpql.append(" AND o.status IN :statuses");
    }
    if (!symbols.isEmpty()) {
      jpql.append(" AND o.symbol IN :symbols");
    }
    if (side != null) {
      jpql.append(" AND o.side = :side");
    }
    Cursor cursor = pageToken == null ? null : Cursor.parse(pageToken);
    if (cursor != null) {
      jpql.append(" AND (o.createdAt < :at OR (o.createdAt = :at AND o.id < :id))");
    }
    jpql.append(" ORDER BY o.createdAt DESC, o.id DESC");
    TypedQuery<Order> query = em.createQuery(jpql.toString(), Order.class);
    query.setParameter("user", userId);
    if (statuses != null) {
      query.setParameter("statuses", statuses);
    }
    if (!symbols.isEmpty()) {
      query.setParameter("symbols", symbols);
    }
    if (side != null) {
      query.setParameter("side", side);
    }
    if (cursor != null) {
      query.setParameter("at", cursor.at());
      query.setParameter("id", cursor.id());
    }
    List<Order> rows = query.setMaxResults(limit + 1).getResultList();
    boolean more = rows.size() > limit;
    List<Order> page = more ? rows.subList(0, limit) : rows;
    String next = more ? new Cursor(page.getLast().createdAt, page.getLast().id).encode() : null;
    return new OrderPage(page.stream().map(OrderView::of).toList(), next);
  }

  private static List<String> statuses(String status) {
    return switch (status) {
      case "open" -> OPEN;
      case "closed" ->
          List.of(OrderStatus.values()).stream()
              .filter(OrderStatus::isTerminal)
              .map(OrderStatus::wire)
              .toList();
      case "all" -> null;
      default -> List.of(OrderStatus.fromWire(status).wire());
    };
  }

  private record Cursor(Instant at, UUID id) {
    String encode() {
      String raw = at.toEpochMilli() * 1000 + at.getNano() / 1000 % 1000 + ":" + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        long micros = Long.parseLong(raw.substring(0, colon));
        Instant at = Instant.EPOCH.plusNanos(micros * 1000);
        return new Cursor(at, UUID.fromString(raw.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw ProblemException.badRequest("page_token is not a token this API issued");
      }
    }
  }
}
