/** The outbox's JDBC rows and SQL, the relay loop and its batch publisher, H2's group commit and file compaction. Not API. */
package dev.natsaga.outbox.internal;
