/** Tests of the outbox's internals that need package access: group commit on H2. */
package dev.natsaga.outbox.internal;
