package io.quantvision.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quantvision.common.json.Json;
import io.quantvision.common.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * Completes a problem with the request's id and path, and writes it in either world (JAX-RS,
 * Vert.x).
 */
public final class Problems {

  private Problems() {}

  public static Problem complete(Problem problem, HttpServerRequest request) {
    Problem completed = problem;
    if (problem.instance() == null && request != null) {
      completed = completed.withInstance(request.path());
    }
    if (problem.requestId() == null && request != null) {
      completed = completed.withRequestId(request.getHeader(RequestIds.HEADER));
    }
    return completed;
  }

  public static Response response(Problem problem, HttpServerRequest request) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .entity(complete(problem, request))
        .build();
  }

  /** For handlers that run outside JAX-RS (unmatched routes, body limits, proxies). */
  public static void write(RoutingContext ctx, Problem problem) {
    if (ctx.response().ended()) {
      return;
    }
    String body;
    try {
      body = Json.mapper().writeValueAsString(complete(problem, ctx.request()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem body", e);
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }

  public static String reasonPhrase(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known != null ? known.getReasonPhrase() : "HTTP " + status;
  }

  /** The slug of a problem type for a plain HTTP status, e.g. 405 → {@code method-not-allowed}. */
  public static String slugOf(int status) {
    return reasonPhrase(status).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  public static Problem ofStatus(int status, String detail) {
    return Problem.of(status, slugOf(status), reasonPhrase(status), detail);
  }
}
