/** The logging support: outage lines of repeated failures. */
package dev.natsaga.saga.internal.logging;
