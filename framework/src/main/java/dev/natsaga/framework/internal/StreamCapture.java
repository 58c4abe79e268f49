package dev.natsaga.framework.internal;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.PublishException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import java.io.IOException;

/**
 * Tells a publish that met "no responders" whether that is for good: when JetStream answers that no
 * stream captures the subject, the publish fails at once with an error naming the domain and how to
 * add it, instead of being retried like a stream whose leader is being elected.
 */
final class StreamCapture {

  private final JetStreamManagement jsm;
  private final Environment environment;

  StreamCapture(JetStreamManagement jsm, Environment environment) {
    this.jsm = jsm;
    this.environment = environment;
  }

  /** Whether {@code e} is JetStream's "503 no responders": no stream captures the subject, or none can answer now. */
  static boolean isNoResponders(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JetStreamApiException api && api.getErrorCode() == 503
          || String.valueOf(t.getMessage()).contains("503 No Responders")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error for a subject JetStream says no stream captures, or {@code null} when a stream does
   * (or JetStream cannot tell now): then the failure is transient.
   */
  PublishException uncaptured(String subject) {
    try {
      if (!jsm.getStreamNames(subject).isEmpty()) {
        return null;
      }
    } catch (IOException | JetStreamApiException e) {
      return null;
    }
    String domain = domainOf(subject);
    return new PublishException("publish to '" + subject + "' failed: no stream captures '" + subject + "'. Add the domain '"
        + domain + "' to the service that publishes it: Natsaga.builder(options).domains(\"" + domain
        + "\"), or with Guice NatsagaModule.domains(binder()).addBinding().toInstance(\"" + domain
        + "\"); start-up then creates stream " + environment.streamName(domain) + " on " + environment.streamSubjects(domain), null);
  }

  private String domainOf(String subject) {
    String type = subject.substring(environment.name().length() + 1);
    return type.substring(0, type.indexOf('.'));
  }
}
