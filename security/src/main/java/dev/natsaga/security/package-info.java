/**
 * Payload security for natsaga services, built as {@link dev.natsaga.framework.payload.PayloadStage}s: AES-256-GCM
 * encryption of whole event data or of fields ({@link dev.natsaga.security.EncryptionStage}), key rotation through a
 * {@link dev.natsaga.security.crypto.Keyring}, crypto-shredding with per-subject keys
 * ({@link dev.natsaga.security.shredding.SubjectKeys}) and the PII classification and guard
 * ({@link dev.natsaga.security.classification}).
 */
package dev.natsaga.security;
