package dev.natsaga.framework.it;

/** A test payload. */
record Confirmed(String bookingId, long amount) {
}
