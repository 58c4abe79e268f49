/**
 * Logging helpers every natsaga module shares: the MDC keys ({@link dev.natsaga.framework.logging.MdcKeys}),
 * a scope that sets and restores one of them ({@link dev.natsaga.framework.logging.MdcScope}), and
 * {@link dev.natsaga.framework.logging.FailureStreak}, which logs a failure repeating every round as one outage.
 */
package dev.natsaga.framework.logging;
