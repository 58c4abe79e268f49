/** The one shared, configured Jackson {@code ObjectMapper} and the state/payload codec built on it. */
package dev.natsaga.saga.internal.json;
