package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.natsaga.test.nats.NatsServerExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code CONSOLE_USERS} set the booking service embeds the operations console: its sagas are listed there, and a
 * running one offers the operator's abort (the console has the service's engine); without it there is no console.
 */
class BookingConsoleTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  @Test
  void theEmbeddedConsoleListsTheServicesSagasAndCanActOnThem() throws Exception {
    String db = "jdbc:h2:file:" + Files.createTempDirectory("booking-console-").resolve("booking") + ";LOCK_TIMEOUT=10000";
    try (BookingApplication app = BookingApplication.start(Map.of("NATS_URL", NATS.url(), "APP_ENV", "consoletest",
        "HTTP_PORT", "0", "BOOKING_DB_URL", db, "CONSOLE_USERS", "ops:operator:ops-password", "CONSOLE_PORT", "0"))) {
      URI console = app.consoleUri().orElseThrow();
      HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<String> booked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/bookings"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              Bookings.bodyWithCard(Bookings.slot(), 4_500, "4242424242424242", "Ada Lovelace", "12/30")))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(booked.statusCode()).isEqualTo(202);
      Matcher saga = Pattern.compile("\"sagaId\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(booked.body());
      assertThat(saga.find()).isTrue();

      HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(console.resolve("/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("user=ops&password=ops-password")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).as("signed in, then the list").isEqualTo(200);
      assertThat(signIn.body()).contains(saga.group(1), "booking.create");
      String page = http.send(HttpRequest.newBuilder(console.resolve("/sagas/" + saga.group(1))).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(page).contains("RUNNING", "authorize-payment", "id=\"abort\"");
      assertThat(page).as("the card in the saga's state (no payment service runs, so it waits) is masked")
          .contains("&quot;card&quot; : &quot;***&quot;").doesNotContain("4242424242424242").doesNotContain("Ada Lovelace");
    }
  }
}
