package dev.natsaga.eventstore.internal;

import io.nats.client.impl.Headers;

/** The NATS headers the store writes and reads besides the CloudEvent itself. */
final class StoreHeaders {

  /** The event's version within its aggregate (also the CloudEvents extension {@code aggregateversion}). */
  static final String VERSION = "Natsaga-Aggregate-Version";
  /** Chained (fallback) multi-event appends: the append's id, the event's index (0-based) and the number of events. */
  static final String CHAIN_ID = "Natsaga-Chain-Id";
  static final String CHAIN_INDEX = "Natsaga-Chain-Index";
  static final String CHAIN_SIZE = "Natsaga-Chain-Size";
  static final String EXPECTED_SEQ = "Nats-Expected-Last-Subject-Sequence";
  static final String EXPECTED_SEQ_SUBJECT = "Nats-Expected-Last-Subject-Sequence-Subject";
  static final String BATCH_ID = "Nats-Batch-Id";
  static final String BATCH_SEQ = "Nats-Batch-Sequence";
  static final String BATCH_COMMIT = "Nats-Batch-Commit";
  /** The extension attribute ordinary consumers see. */
  static final String VERSION_EXTENSION = "aggregateversion";

  private StoreHeaders() {
  }

  static long version(Headers headers) {
    String v = headers == null ? null : headers.getFirst(VERSION);
    return v == null ? -1 : Long.parseLong(v);
  }

  /** Whether the message is a part of a chained append other than its last. */
  static boolean chainIncomplete(Headers headers) {
    String index = headers == null ? null : headers.getFirst(CHAIN_INDEX);
    return index != null && Integer.parseInt(index) + 1 < Integer.parseInt(headers.getFirst(CHAIN_SIZE));
  }
}
