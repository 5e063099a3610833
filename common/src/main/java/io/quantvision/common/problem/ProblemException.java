package io.quantvision.common.problem;

/**
 * A domain error that knows the problem it becomes on the wire. Services throw it (or a subclass)
 * and their one exception mapper writes it as problem+json; nothing else needs to know HTTP.
 */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail() != null ? problem.detail() : problem.title());
    this.problem = problem;
  }

  public ProblemException(int status, String slug, String title, String detail) {
    this(Problem.of(status, slug, title, detail));
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "bad-request", "Bad request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "not-found", "Not found", detail);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "conflict", "Conflict", detail);
  }

  public static ProblemException unprocessable(String slug, String title, String detail) {
    return new ProblemException(422, slug, title, detail);
  }
}
