/** The outbox's JDBC rows and SQL, the relay loop and its batch publisher. Not API. */
package dev.natsaga.outbox.internal;
