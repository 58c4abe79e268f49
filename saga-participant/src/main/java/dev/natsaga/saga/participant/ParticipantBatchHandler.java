package dev.natsaga.saga.participant;

import dev.natsaga.framework.BatchHandler;
import dev.natsaga.framework.BatchResult;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventContext;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.idempotency.RetryLaterException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a batch of saga commands in one transaction of the participant's database: each command runs after a
 * savepoint, so one that fails (its handler throws, or another instance claimed it first) is rolled back alone and
 * retried alone while the others commit together. After the commit the replies are published (pipelined) and only then
 * does the framework acknowledge the commands; a reply whose publish failed is retried alone, and its redelivery
 * sends the stored reply again. A failing commit retries the whole batch (nothing of it was recorded). Each command runs,
 * and its reply is published, in the command's own context ({@link EventContext#open}: correlation, MDC, trace).
 */
final class ParticipantBatchHandler<T> implements BatchHandler<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ParticipantBatchHandler.class);

  private final CommandExecution<T> execution;

  ParticipantBatchHandler(CommandExecution<T> execution) {
    this.execution = execution;
  }

  /** A command whose reply is recorded in the batch's transaction. */
  private record Answered<T>(Event<T> event, CommandIds ids, StoredReply reply) {
  }

  @Override
  public BatchResult handle(List<Event<T>> events) throws Exception {
    BatchResult.Builder result = BatchResult.builder();
    List<Answered<T>> answered = process(events, result);
    if (!answered.isEmpty()) {
      execution.participant().awaitDurable();
    }
    publish(answered, result);
    return result.build();
  }

  private List<Answered<T>> process(List<Event<T>> events, BatchResult.Builder result) throws Exception {
    List<Answered<T>> answered = new ArrayList<>(events.size());
    try (Connection c = execution.participant().dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        for (Event<T> event : events) {
          runOne(c, event, result).ifPresent(answered::add);
        }
        c.commit();
      } catch (Exception | Error e) {
        ParticipantHandler.rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
    return answered;
  }

  /** One command after its own savepoint; a failure rolls back to it and marks the command failed. */
  private Optional<Answered<T>> runOne(Connection c, Event<T> event, BatchResult.Builder result) throws SQLException {
    CommandIds ids;
    try {
      ids = CommandIds.of(event);
    } catch (NonRetryableException e) {
      result.failed(event, e);
      return Optional.empty();
    }
    Savepoint before = c.setSavepoint();
    try (EventContext.Scope scope = EventContext.open(event)) {
      Optional<StoredReply> reply = execution.run(c, event, ids);
      if (reply.isPresent()) {
        return Optional.of(new Answered<>(event, ids, reply.get()));
      }
      c.rollback(before);
      result.failed(event, new RetryLaterException("command " + event + " (command id " + ids.commandId()
          + ") is being handled concurrently; retrying"));
    } catch (Exception e) {
      c.rollback(before);
      result.failed(event, e);
    }
    return Optional.empty();
  }

  private void publish(List<Answered<T>> answered, BatchResult.Builder result) {
    EventPublisher publisher = execution.participant().publisher();
    List<CompletableFuture<PublishResult>> sent = new ArrayList<>(answered.size());
    for (Answered<T> a : answered) {
      try (EventContext.Scope scope = EventContext.open(a.event())) {
        sent.add(publisher.publishAsync(CommandExecution.replyEvent(a.event(), a.ids(), a.reply())));
      } catch (RuntimeException e) {
        sent.add(CompletableFuture.failedFuture(e));
      }
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).join();
      } catch (RuntimeException e) {
        Answered<T> a = answered.get(i);
        LOG.warn("reply {} to command {} of {} was recorded but not published ({}); the command is retried and its reply sent again",
            a.reply().type(), a.ids().commandId(), execution.participant().name(), e.toString());
        result.failed(a.event(), e);
      }
    }
  }
}
