package io.quantvision.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DependencyUnavailableTest {

  @Test
  void aLostDatabaseConnectionDeepInTheChainIsADependencyOutage() {
    SQLException terminated =
        new SQLException("terminating connection due to administrator command", "57P01");
    RuntimeException wrapped =
        new IllegalStateException("query failed", new RuntimeException("tx", terminated));

    assertThat(ProblemMapper.dependencyUnavailable(wrapped)).isTrue();
    assertThat(ProblemMapper.dependencyUnavailable(new SQLException("refused", "08001"))).isTrue();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new SQLException("database x is not currently accepting connections", "55000")))
        .isTrue();
    assertThat(ProblemMapper.dependencyUnavailable(new RuntimeException(new ConnectException())))
        .isTrue();
  }

  @Test
  void aBugOrAConstraintViolationIsNot() {
    assertThat(ProblemMapper.dependencyUnavailable(new NullPointerException())).isFalse();
    assertThat(
            ProblemMapper.dependencyUnavailable(
                new RuntimeException(new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(ProblemMapper.dependencyUnavailable(new SQLException("no state"))).isFalse();
  }
}
