/**
 * Contract tests for services (JUnit 5 or any test framework; failures are {@link java.lang.AssertionError}s): record
 * what a service publishes and check it against the schemas, check that a consumer's payload class binds every schema
 * example, and generate valid sample events for consumer tests.
 */
package dev.natsaga.schema.testing;
