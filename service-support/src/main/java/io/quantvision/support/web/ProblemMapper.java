package io.quantvision.support.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of every service: domain, validation, JSON, security and unexpected
 * errors all leave as RFC 9457 problem+json carrying the request id, never as a stack trace.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  public Response domain(ProblemException e, HttpServerRequest request) {
    return Problems.response(e.problem(), request);
  }

  @ServerExceptionMapper
  public Response validation(ResteasyReactiveViolationException e, HttpServerRequest request) {
    return violations(e, request);
  }

  @ServerExceptionMapper
  public Response violations(ConstraintViolationException e, HttpServerRequest request) {
    boolean ourFault =
        e.getConstraintViolations().stream()
            .anyMatch(
                v -> {
                  for (Path.Node node : v.getPropertyPath()) {
                    if (node.getKind() == ElementKind.RETURN_VALUE) {
                      return true;
                    }
                  }
                  return false;
                });
    if (ourFault) {
      return unexpected(e, request);
    }
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(v -> Map.of("field", fieldOf(v), "message", v.getMessage()))
            .sorted(Comparator.comparing((Map<String, String> m) -> m.get("field")))
            .collect(Collectors.toCollection(ArrayList::new));
    String detail =
        errors.stream()
            .map(m -> m.get("field") + ": " + m.get("message"))
            .collect(Collectors.joining("; "));
    Problem problem =
        Problem.of(400, "validation", "Invalid request", detail).with("errors", errors);
    return Problems.response(problem, request);
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e, HttpServerRequest request) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return Problems.response(
        Problem.of(400, "malformed-json", "Malformed JSON", "The body is not valid JSON" + where),
        request);
  }

  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e, HttpServerRequest request) {
    return jsonMapping(e, request);
  }

  @ServerExceptionMapper
  public Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
    String field = jsonPath(e);
    String expected = expectation(e);
    String detail =
        field.isEmpty()
            ? "The body does not have the expected shape: " + expected
            : "Field '" + field + "' has an invalid value: " + expected;
    Problem problem = Problem.of(400, "malformed-json", "Malformed JSON", truncate(detail));
    if (!field.isEmpty()) {
      problem = problem.with("errors", List.of(Map.of("field", field, "message", expected)));
    }
    return Problems.response(problem, request);
  }

  /**
   * What a value that did not bind should have been, in the API's words rather than Jackson's
   * (which name Java types and parser exceptions): "expected an RFC 3339 timestamp", or the suite's
   * own refusal (a string with U+0000).
   */
  static String expectation(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("must ")) {
      return message;
    }
    Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (type == null) {
      return "it cannot be read";
    }
    return "expected " + describe(type);
  }

  private static String describe(Class<?> type) {
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == BigDecimal.class
        || type == BigInteger.class
        || type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class) {
      return "a number (a decimal string or a JSON number)";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
      return "an RFC 3339 timestamp such as 2026-01-02T15:04:05Z";
    }
    if (type == LocalDate.class) {
      return "a date such as 2026-01-02";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as PT5M";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (type.isEnum()) {
      return "one of the allowed values";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e, HttpServerRequest request) {
    return Problems.response(
        Problem.of(400, "malformed-json", "Malformed JSON", "The body is not valid JSON"), request);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
    return unauthenticated(request);
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
    return unauthenticated(request);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, HttpServerRequest request) {
    return Problems.response(
        Problem.of(403, "forbidden", "Forbidden", "The credentials do not allow this operation"),
        request);
  }

  @ServerExceptionMapper
  public Response circuitOpen(CircuitBreakerOpenException e, HttpServerRequest request) {
    return Problems.response(
        Problems.ofStatus(503, "A dependency is failing; the call was not attempted"), request);
  }

  @ServerExceptionMapper
  public Response timeout(TimeoutException e, HttpServerRequest request) {
    return Problems.response(
        Problems.ofStatus(504, "A dependency did not answer in time"), request);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    // REST wraps body parsing failures in a 400: answer those as the JSON problem they are
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParseException parse) {
        return malformedJson(parse, request);
      }
      if (cause instanceof JsonMappingException mapping) {
        return jsonMapping(mapping, request);
      }
      if (cause instanceof JsonProcessingException json) {
        return json(json, request);
      }
    }
    if (status >= 500) {
      LOG.errorf(e, "request failed with %d", status);
    }
    String detail =
        status >= 500
            ? "The request could not be completed"
            : status == 404 && e.getMessage() != null && e.getMessage().startsWith("HTTP ")
                ? "No resource at " + request.path()
                : e.getMessage();
    Response.ResponseBuilder builder =
        Response.fromResponse(Problems.response(Problems.ofStatus(status, detail), request));
    copyHeader(e.getResponse(), builder, HttpHeaders.ALLOW);
    copyHeader(e.getResponse(), builder, HttpHeaders.RETRY_AFTER);
    copyHeader(e.getResponse(), builder, HttpHeaders.WWW_AUTHENTICATE);
    return builder.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest request) {
    if (dependencyUnavailable(e)) {
      // the database or Redis is down: the client may retry; readiness already says DOWN
      LOG.warnf(
          "%s %s: a dependency is unavailable (%s)", request.method(), request.path(), rootOf(e));
      return Response.fromResponse(
              Problems.response(
                  Problems.ofStatus(503, "A dependency is unavailable; retry later"), request))
          .header(HttpHeaders.RETRY_AFTER, "5")
          .build();
    }
    if (unstorableText(e)) {
      // a value the JSON reader did not see (a path or query parameter, a header)
      return Problems.response(
          Problem.of(
              400,
              "invalid-text",
              "Invalid text",
              "A text value in the request contains a character that cannot be stored"
                  + " (U+0000)"),
          request);
    }
    LOG.errorf(e, "unexpected error on %s %s", request.method(), request.path());
    return Problems.response(
        Problem.of(
            500,
            "internal",
            "Internal error",
            "An unexpected error occurred; quote the request id when reporting it"),
        request);
  }

  /**
   * A lost or refused connection to the database (SQLSTATE classes 08 connection exception, 53
   * insufficient resources, 57P operator intervention; 55000 for a database not accepting
   * connections) or to Redis, anywhere in the cause chain.
   */
  static boolean dependencyUnavailable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof ConnectException
          || cause instanceof ClosedChannelException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("55000")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * PostgreSQL refused a text value it cannot store (SQLSTATE 22021, the NUL character; 22P05, a
   * character the encoding lacks): the client's input, not our fault.
   */
  static boolean unstorableText(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String rootOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static Response unauthenticated(HttpServerRequest request) {
    return Response.fromResponse(
            Problems.response(
                Problem.of(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "A valid bearer token or API key is required"),
                request))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  private static void copyHeader(Response from, Response.ResponseBuilder to, String name) {
    String value = from.getHeaderString(name);
    if (value != null) {
      to.header(name, value);
    }
  }

  /**
   * {@code create.arg0.limitPrice} → {@code limit_price}: the wire name of the offending member.
   */
  static String fieldOf(ConstraintViolation<?> violation) {
    List<String> names = new ArrayList<>();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
        continue;
      }
      String name = node.getName() == null ? "" : snakeCase(node.getName());
      if (node.getIndex() != null) {
        name = name + "[" + node.getIndex() + "]";
      } else if (node.getKey() != null) {
        name = name + "[" + node.getKey() + "]";
      }
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      // a parameter (query, path, header) or the whole body: name the parameter itself
      String last = null;
      for (Path.Node node : violation.getPropertyPath()) {
        last = node.getName();
      }
      return last == null ? "body" : snakeCase(last);
    }
    return String.join(".", names);
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String truncate(String text) {
    // Jackson messages can quote the whole offending input; keep the body small.
    String firstLine = text.lines().findFirst().orElse(text);
    return firstLine.length() > 300 ? firstLine.substring(0, 300) + "..." : firstLine;
  }
}
