package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reason {@link BookingOutcomes} reports for a cancelled booking, from the saga's failure reason. */
class BookingOutcomesTest {

  @Test
  void reasonsForPeople() {
    assertThat(BookingOutcomes.reason("step 'reserve-slot' failed: SlotHeldException: slot 's' is already held by booking b"))
        .isEqualTo("slot 's' is already held by booking b");
    assertThat(BookingOutcomes.reason("step 'authorize-payment' failed with payment.transaction.declined.v1"))
        .isEqualTo("payment declined (step 'authorize-payment' failed with payment.transaction.declined.v1)");
    assertThat(BookingOutcomes.reason("step 'authorize-payment' timed out after 3 attempts (no reply within PT10S)"))
        .startsWith("the payment service did not answer (");
    assertThat(BookingOutcomes.reason("step 'capture-payment' failed with payment.transaction.declined.v1"))
        .startsWith("payment capture failed (");
    assertThat(BookingOutcomes.reason(null)).isEqualTo("cancelled");
  }
}
