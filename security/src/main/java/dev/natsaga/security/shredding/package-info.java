/** Crypto-shredding: one key per data subject in a JetStream KeyValue bucket, wrapped with a master key; forgetting a subject destroys its key. */
package dev.natsaga.security.shredding;
