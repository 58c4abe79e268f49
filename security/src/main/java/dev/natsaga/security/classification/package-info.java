/**
 * Data classification and the PII guard: {@link dev.natsaga.security.classification.Sensitive} marks record
 * components, {@link dev.natsaga.security.classification.Classification} reads the marks of a payload class, and
 * {@link dev.natsaga.security.classification.PiiGuard} stamps the {@code sensitivity} attribute, refuses personal data
 * in clear text and masks it in the framework's log lines and dead-letter errors.
 */
package dev.natsaga.security.classification;
