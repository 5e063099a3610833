package io.quantvision.support.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AtCommitTest {

  @Inject AtCommit atCommit;
  @Inject AgroalDataSource dataSource;

  /** Records what it was asked to write and how each transaction ended. */
  static class Recorder implements AtCommit.Batch<String> {
    final List<List<String>> writes = new CopyOnWriteArrayList<>();
    final List<Boolean> completions = new CopyOnWriteArrayList<>();

    @Override
    public void write(List<String> items) {
      writes.add(List.copyOf(items));
    }

    @Override
    public void completed(boolean committed) {
      completions.add(committed);
    }
  }

  @Test
  void whatATransactionGathersIsWrittenOnceInOrderJustBeforeItCommits() {
    Recorder recorder = new Recorder();

    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              atCommit.add(recorder, "a");
              atCommit.add(recorder, "b");
              atCommit.add(recorder, "c");
              assertThat(recorder.writes).isEmpty();
            });

    assertThat(recorder.writes).containsExactly(List.of("a", "b", "c"));
    assertThat(recorder.completions).containsExactly(true);
  }

  @Test
  void eachTransactionWritesOnlyWhatItGathered() {
    Recorder recorder = new Recorder();

    QuarkusTransaction.requiringNew().run(() -> atCommit.add(recorder, "first"));
    QuarkusTransaction.requiringNew().run(() -> atCommit.add(recorder, "second"));

    assertThat(recorder.writes).containsExactly(List.of("first"), List.of("second"));
  }

  @Test
  void aRolledBackTransactionWritesNothing() {
    Recorder recorder = new Recorder();

    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          atCommit.add(recorder, "never");
                          throw new IllegalStateException("the state change failed");
                        }))
        .hasMessage("the state change failed");

    assertThat(recorder.writes).isEmpty();
    assertThat(recorder.completions).containsExactly(false);
  }

  @Test
  void theWriteRunsInTheTransactionSoItsFailureRollsBackTheWholeTransaction() {
    String marker = "at-commit-" + UUID.randomUUID();
    AtCommit.Batch<String> writesThenFails =
        items -> {
          insertEffect(marker + "-from-the-write");
          throw new IllegalStateException("the deferred write failed");
        };

    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          insertEffect(marker);
                          atCommit.add(writesThenFails, "x");
                        }))
        .isInstanceOf(RuntimeException.class);

    assertThat(effects(marker + "%")).isZero();
  }

  @Test
  void theWriteSeesTheTransactionsOwnWork() {
    String marker = "at-commit-" + UUID.randomUUID();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AtCommit.Batch<String> counts = items -> seen.add(effects(marker));

    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              insertEffect(marker);
              atCommit.add(counts, "x");
            });

    assertThat(seen).containsExactly(1);
    assertThat(effects(marker)).isEqualTo(1);
  }

  @Test
  void outsideATransactionNothingCanBeGathered() {
    assertThatThrownBy(() -> atCommit.add(new Recorder(), "orphan"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("active transaction");
  }

  private void insertEffect(String summary) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO probe_effect (event_id, summary) VALUES (?, ?)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, summary);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int effects(String summaryLike) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM probe_effect WHERE summary LIKE ?")) {
      query.setString(1, summaryLike);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
