package dev.natsaga.bench;

import java.util.UUID;

/**
 * The benchmark's event: {@code bench.order.placed.v1} with an {@link OrderPlaced} payload, about
 * 500 bytes as a structured CloudEvent. Both sides build a new payload object per message.
 */
public final class Payloads {

  public static final String TYPE = "bench.order.placed.v1";
  public static final String DOMAIN = "bench";
  public static final String SERVICE = "bench-service";
  public static final String ORDER_ID = UUID.nameUUIDFromBytes("bench-order".getBytes()).toString();
  private static final String NOTE = "Gift wrap";

  private Payloads() {
  }

  /**
   * An order event payload; {@code sentNanos} carries the (intended) send time for latency.
   *
   * @param orderId the order, also the CloudEvents subject
   * @param customerId the customer
   * @param sku the article
   * @param quantity how many
   * @param amountMinor the amount in minor units
   * @param currency ISO 4217
   * @param note free text, sized so the whole message is about 500 bytes
   * @param sentNanos {@link System#nanoTime()} at the intended send time
   */
  public record OrderPlaced(String orderId, String customerId, String sku, int quantity, long amountMinor,
      String currency, String note, long sentNanos) {
  }

  /** A new payload stamped with {@code sentNanos}. */
  public static OrderPlaced order(long sentNanos) {
    return new OrderPlaced(ORDER_ID, "customer-0004711", "SKU-2041-BLUE-M", 2, 4_999, "EUR", NOTE, sentNanos);
  }
}
