/** Test support: capturing the engine's log lines with logback. */
package dev.natsaga.saga.testlog;
