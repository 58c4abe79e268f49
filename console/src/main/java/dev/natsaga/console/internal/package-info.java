/** The console's HTTP server, sessions, CSRF, audit trail and pages; package-private except what {@code Console} wires. */
package dev.natsaga.console.internal;
