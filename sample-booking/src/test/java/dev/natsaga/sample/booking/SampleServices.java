package dev.natsaga.sample.booking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Both samples as separate JVM processes ({@link ServiceProcess}), each with its own H2 database and log file in a
 * fresh folder under {@code target/<folder>/}, with the given settings on top of the ones every end-to-end test uses.
 */
final class SampleServices implements AutoCloseable {

  final Path run;
  final ServiceProcess payment;
  final ServiceProcess booking;
  final Bookings bookings;

  private SampleServices(Path run, ServiceProcess payment, ServiceProcess booking) {
    this.run = run;
    this.payment = payment;
    this.booking = booking;
    this.bookings = new Bookings(booking.url(""));
  }

  /**
   * Starts the payment and the booking service with {@code common} settings plus each one's own, and waits until
   * both answer {@code /health} with 200.
   */
  static SampleServices start(String folder, Map<String, String> common, Map<String, String> paymentOnly,
      Map<String, String> bookingOnly, Duration healthy) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", folder)).toAbsolutePath();
    Path run = Files.createTempDirectory(dir, "run-");
    Map<String, String> paymentEnv = new HashMap<>(common);
    paymentEnv.put("SERVICE_NAME", "payment-service");
    paymentEnv.put("PAYMENT_DB_URL", "jdbc:h2:file:" + run.resolve("payment"));
    paymentEnv.putAll(paymentOnly);
    Map<String, String> bookingEnv = new HashMap<>(common);
    bookingEnv.put("SERVICE_NAME", "booking-service");
    bookingEnv.put("BOOKING_DB_URL", "jdbc:h2:file:" + run.resolve("booking"));
    bookingEnv.putAll(bookingOnly);
    ServiceProcess payment = ServiceProcess.start("payment service", "dev.natsaga.sample.payment.PaymentApplication", paymentEnv,
        ServiceProcess.freePort(), run.resolve("payment.log"));
    ServiceProcess booking = null;
    try {
      booking = ServiceProcess.start("booking service", "dev.natsaga.sample.booking.BookingApplication", bookingEnv,
          ServiceProcess.freePort(), run.resolve("booking.log"));
      payment.awaitHealthy(healthy);
      booking.awaitHealthy(healthy);
      return new SampleServices(run, payment, booking);
    } catch (Exception | Error e) {
      if (booking != null) {
        booking.close();
      }
      payment.close();
      throw e;
    }
  }

  /** {@code GET /payments/{bookingId}} at the payment service. */
  Http.Response payment(String bookingId) throws Exception {
    return Http.get(payment.url("/payments/" + bookingId));
  }

  /** Both services' logs, for searching. */
  String logs() {
    return booking.log() + "\n" + payment.log();
  }

  /**
   * Stops both services with SIGTERM (booking first, as its saga commands need the payment service) and returns the
   * log tails of those that did not exit within the time or did not log {@code service stopped}; empty when both
   * stopped cleanly.
   */
  List<String> stop(Duration timeout) throws InterruptedException {
    List<String> unclean = new ArrayList<>();
    for (ServiceProcess p : new ServiceProcess[] {booking, payment}) {
      if (!p.stop(timeout) || !p.log().contains("service stopped")) {
        unclean.add(p.logTail());
      }
      p.close();
    }
    return unclean;
  }

  @Override
  public void close() throws InterruptedException {
    booking.close();
    payment.close();
  }
}
