package dev.natsaga.saga.store;

import java.util.UUID;

/**
 * A saga whose deadline passed and that this caller claimed; only the holder of {@code lockVersion} may act on it.
 *
 * @param id          the saga id
 * @param lockVersion the version after the claim
 */
public record ClaimedSaga(UUID id, long lockVersion) {
}
