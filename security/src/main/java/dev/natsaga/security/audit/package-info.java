/**
 * The audit trail: refused publishes, unauthorized sources, decryption failures and key operations as CloudEvents of
 * the {@code audit} domain on their own stream {@code {ENV}_AUDIT}, with who, what and when.
 */
package dev.natsaga.security.audit;
