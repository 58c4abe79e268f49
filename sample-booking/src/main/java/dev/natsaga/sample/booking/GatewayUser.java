package dev.natsaga.sample.booking;

import dev.natsaga.saga.SagaActor;
import dev.natsaga.sample.support.HttpError;
import dev.natsaga.sample.support.HttpRequest;

/**
 * Who asks for a booking, from the trusted gateway in front of the sample (it has no login of its own): an
 * authenticating proxy such as oauth2-proxy ({@code --pass-user-headers}) sets {@value #HEADER} to the signed-in user
 * and strips the header from what clients send. With it the saga runs as {@code authtype=user},
 * {@code authid=<value>}; without it as {@code authtype=unauthenticated}. The value is trusted as it is, so the sample
 * must only be reachable through such a gateway.
 */
final class GatewayUser {

  /** The header the gateway sets to the authenticated user's id. */
  static final String HEADER = "X-Forwarded-User";

  private GatewayUser() {
  }

  /** @throws HttpError 400 naming the header when its value is empty, too long or not printable ASCII */
  static SagaActor of(HttpRequest request) {
    String user = request.header(HEADER);
    if (user == null) {
      return SagaActor.unauthenticated();
    }
    if (user.isEmpty() || user.length() > SagaActor.MAX_ID || !user.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
      throw HttpError.badRequest("header " + HEADER + " must be 1.." + SagaActor.MAX_ID
          + " printable ASCII characters without spaces (U+0021..U+007E), got " + user.length() + " characters");
    }
    return SagaActor.of(SagaActor.USER, user);
  }
}
