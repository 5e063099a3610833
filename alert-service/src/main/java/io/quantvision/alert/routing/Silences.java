package io.quantvision.alert.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.alert.db.Db;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.time.ApiTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Silences in PostgreSQL, so that every instance applies the same ones. */
@ApplicationScoped
public class Silences {

  private static final TypeReference<List<Matcher>> MATCHERS = new TypeReference<>() {};

  private final Db db;
  private final ObjectMapper json;

  Silences(Db db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  @Transactional
  public Silence create(SilenceRequest request, String createdBy) {
    List<Matcher> matchers =
        request.matchers().stream().map(SilenceRequest.MatcherRequest::toMatcher).toList();
    if (matchers.stream().allMatch(Matcher::matchesEmpty)) {
      throw ProblemException.badRequest("at least one matcher must not match an empty label");
    }
    Instant now = Instant.now();
    Instant starts = request.startsAt() == null ? now : request.startsAt();
    if (!ApiTimes.accepted(starts) || !ApiTimes.accepted(request.endsAt())) {
      throw ProblemException.badRequest("starts_at and ends_at must be " + ApiTimes.RANGE);
    }
    if (!request.endsAt().isAfter(starts) || !request.endsAt().isAfter(now)) {
      throw ProblemException.badRequest("ends_at must be after starts_at and in the future");
    }
    UUID id = UUID.randomUUID();
    db.update(
        "INSERT INTO silence (id, matchers, starts_at, ends_at, created_by, comment)"
            + " VALUES (?, CAST(? AS jsonb), ?, ?, ?, ?)",
        id,
        write(matchers),
        starts,
        request.endsAt(),
        createdBy,
        request.comment());
    return find(id).orElseThrow();
  }

  /** Ends a silence now (Alertmanager "expire"); an already ended one stays as it is. */
  @Transactional
  public Silence expire(UUID id) {
    Silence silence = find(id).orElseThrow(() -> ProblemException.notFound("No silence " + id));
    db.update("UPDATE silence SET ends_at = now() WHERE id = ? AND ends_at > now()", id);
    db.update("UPDATE silence SET starts_at = ends_at WHERE id = ? AND starts_at > ends_at", id);
    return find(id).orElse(silence);
  }

  public Optional<Silence> find(UUID id) {
    return db.one("SELECT * FROM silence WHERE id = ?", this::read, id);
  }

  /** Silences not yet ended, newest first. */
  public List<Silence> current() {
    return db.query(
        "SELECT * FROM silence WHERE ends_at > now() ORDER BY created_at DESC", this::read);
  }

  public Optional<Silence> silencing(Map<String, String> labels, Instant at) {
    return current().stream().filter(s -> s.silences(labels, at)).findFirst();
  }

  private Silence read(ResultSet rs) throws SQLException {
    Instant starts = Db.instant(rs, "starts_at");
    Instant ends = Db.instant(rs, "ends_at");
    Instant now = Instant.now();
    String status = now.isBefore(starts) ? "pending" : now.isBefore(ends) ? "active" : "expired";
    try {
      return new Silence(
          rs.getObject("id", UUID.class),
          json.readValue(rs.getString("matchers"), MATCHERS),
          starts,
          ends,
          rs.getString("created_by"),
          rs.getString("comment"),
          status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable silence matchers", e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
