/**
 * Log capture for tests: {@link dev.natsaga.test.logging.LogCapture} records what a logger logs (with each event's
 * MDC) so a test can assert on log lines.
 */
package dev.natsaga.test.logging;
