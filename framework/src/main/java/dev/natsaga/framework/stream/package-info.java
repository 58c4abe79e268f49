/** Idempotent provisioning of domain and dead-letter streams, reporting conflicts instead of changing streams. */
package dev.natsaga.framework.stream;
