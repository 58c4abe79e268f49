package dev.natsaga.security.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the JDK's provider: a fresh random 96-bit nonce per message and a 128-bit tag; the sealed form is
 * {@code nonce || ciphertext || tag}. Associated data is authenticated, not encrypted.
 */
public final class Aes256Gcm {

  /** The key length in bytes. */
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** One cipher per thread: {@code Cipher.getInstance} looks the provider up on every call; {@code init} resets it. */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Aes256Gcm::newCipher);

  private Aes256Gcm() {
  }

  /** A new random AES-256 key. */
  public static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(KEY_BYTES * 8, RANDOM);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no AES key generator", e);
    }
  }

  /** An AES key from 32 raw bytes. */
  public static SecretKey key(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key is " + KEY_BYTES + " bytes, not " + raw.length);
    }
    return new SecretKeySpec(raw, "AES");
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no AES/GCM/NoPadding cipher", e);
    }
  }

  /** Encrypts {@code plaintext}, authenticating {@code aad} with it. */
  public static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM encryption failed: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts what {@link #seal} produced.
   *
   * @throws GeneralSecurityException when the tag does not verify (tampered data, other associated data, other key)
   */
  public static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext of " + sealed.length + " bytes is too short");
    }
    Cipher cipher = CIPHER.get();
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }
}
