package dev.natsaga.framework.guice;

import dev.natsaga.framework.logging.MdcKeys;
import static dev.natsaga.framework.guice.GuiceTestSupport.CONFIRMED;
import static dev.natsaga.framework.guice.GuiceTestSupport.REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.natsaga.framework.Event;
import dev.natsaga.framework.EventPublisher;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishResult;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.framework.guice.GuiceTestSupport.Booking;
import dev.natsaga.framework.guice.GuiceTestSupport.Recorder;
import dev.natsaga.framework.guice.GuiceTestSupport.Seen;
import dev.natsaga.test.nats.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.StreamInfo;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The Guice wiring against a real nats-server: user modules contribute handlers and middleware. */
class NatsagaModuleTest {

  @RegisterExtension
  static final NatsServerExtension NATS = NatsServerExtension.singleNode();

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** Builds the injector from natsaga's module and the user's, and starts the service. */
  private Injector startService(NatsagaOptions options, AbstractModule... userModules) {
    AbstractModule[] modules = new AbstractModule[userModules.length + 1];
    modules[0] = new NatsagaModule(options);
    System.arraycopy(userModules, 0, modules, 1, userModules.length);
    Injector injector = Guice.createInjector(modules);
    toClose.add(NatsagaService.start(injector));
    return injector;
  }

  private Natsaga otherService(String env) throws Exception {
    Natsaga natsaga = GuiceTestSupport.otherService(NATS.url(), env);
    toClose.add(natsaga);
    return natsaga;
  }

  /** A user's handler object: built by the injector with its own dependencies. */
  @Singleton
  static final class Inbox {
    private final Recorder recorder;

    @Inject
    Inbox(Recorder recorder) {
      this.recorder = recorder;
    }

    void onConfirmed(Event<Booking> event) {
      recorder.record(event);
    }
  }

  /** A user module contributing a handler whose object comes from the injector. */
  static final class InboxModule extends AbstractModule {
    @Override
    protected void configure() {
      bind(Recorder.class).in(Singleton.class);
    }

    @ProvidesIntoSet
    HandlerRegistration<?> confirmed(Inbox inbox) {
      return HandlerRegistration.onEvent(CONFIRMED, Booking.class, inbox::onConfirmed).build();
    }
  }

  @Test
  void handlerFromAUserModuleHandlesAnEventPublishedByAnotherServiceWithIdsInTheMdc() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    Injector injector = startService(GuiceTestSupport.options(NATS.url(), env, "orders-service").build(), new InboxModule());
    NatsagaService service = injector.getInstance(NatsagaService.class);
    Recorder recorder = injector.getInstance(Recorder.class);

    PublishResult sent = otherService(env).publisher().publish(OutgoingEvent.event(CONFIRMED, new Booking("b-1", 1500))
        .subject("b-1").correlationId("corr-42").build());

    Seen seen = recorder.next(WAIT);
    assertThat(seen.event().id()).isEqualTo(sent.eventId());
    assertThat(((Booking) seen.event().data()).bookingId()).isEqualTo("b-1");
    assertThat(seen.event().source()).isEqualTo("booking-frontend");
    assertThat(seen.mdc())
        .containsEntry(MdcKeys.CORRELATION_ID, "corr-42")
        .containsEntry(MdcKeys.EVENT_ID, sent.eventId())
        .containsEntry(MdcKeys.EVENT_TYPE, CONFIRMED);
    assertThat(seen.thread()).isNotEqualTo(Thread.currentThread().getName());
    assertThat(service.isRunning()).isTrue();
    assertThat(service.isHealthy()).isTrue();
  }

  /** Reacts to a request by publishing a confirmation with the injected publisher. */
  @Singleton
  static final class Confirmer {
    private final EventPublisher publisher;

    @Inject
    Confirmer(EventPublisher publisher) { // injected before start: resolved on first use
      this.publisher = publisher;
    }

    void onRequested(Event<Booking> event) {
      publisher.publish(OutgoingEvent.event(CONFIRMED, event.data()).subject(event.subject()).build());
    }
  }

  /** Contributes two handlers, one through a provider class, one through an instance binding of a provider. */
  static final class BookingModule extends AbstractModule {
    @Override
    protected void configure() {
      bind(Recorder.class).in(Singleton.class);
      NatsagaModule.handlers(binder()).addBinding().toProvider(RequestedRegistration.class);
      NatsagaModule.handlers(binder()).addBinding().toProvider(ConfirmedRegistration.class);
    }
  }

  static final class RequestedRegistration implements Provider<HandlerRegistration<?>> {
    private final Confirmer confirmer;

    @Inject
    RequestedRegistration(Confirmer confirmer) {
      this.confirmer = confirmer;
    }

    @Override
    public HandlerRegistration<?> get() {
      return HandlerRegistration.onEvent(REQUESTED, Booking.class, confirmer::onRequested).build();
    }
  }

  static final class ConfirmedRegistration implements Provider<HandlerRegistration<?>> {
    private final Inbox inbox;

    @Inject
    ConfirmedRegistration(Inbox inbox) {
      this.inbox = inbox;
    }

    @Override
    public HandlerRegistration<?> get() {
      return HandlerRegistration.onEvent(CONFIRMED, Booking.class, inbox::onConfirmed).build();
    }
  }

  @Test
  void injectedEventPublisherFailsClearlyBeforeStartAndPublishesAfterWithCorrelation() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    Injector injector = Guice.createInjector(
        new NatsagaModule(GuiceTestSupport.options(NATS.url(), env, "booking-service").build()), new BookingModule());
    EventPublisher publisher = injector.getInstance(EventPublisher.class);
    assertThatThrownBy(() -> publisher.publish(REQUESTED, new Booking("b-0", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NatsagaService.start()");

    NatsagaService service = injector.getInstance(NatsagaService.class).start();
    toClose.add(service);
    PublishResult requested = publisher.publish(OutgoingEvent.event(REQUESTED, new Booking("b-2", 900)).subject("b-2").build());

    Seen confirmed = injector.getInstance(Recorder.class).next(WAIT);
    assertThat(confirmed.event().type().name()).isEqualTo(CONFIRMED);
    assertThat(confirmed.event().subject()).isEqualTo("b-2");
    assertThat(confirmed.event().causationId()).isEqualTo(requested.eventId());
    assertThat(confirmed.event().correlationId()).isEqualTo(requested.eventId());
    assertThat(confirmed.mdc()).containsEntry(MdcKeys.CORRELATION_ID, requested.eventId());
    assertThat(injector.getInstance(EventPublisher.class)).isSameAs(publisher);
    assertThat(injector.getInstance(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
  }

  @Test
  void startProvisionsExtraDomainsFromTheMultibinder() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    Injector injector = startService(GuiceTestSupport.options(NATS.url(), env, "booking-service").build(),
        new AbstractModule() {
          @Override
          protected void configure() {
            NatsagaModule.domains(binder()).addBinding().toInstance("payment");
          }
        });

    StreamInfo info = injector.getInstance(Connection.class).jetStreamManagement().getStreamInfo(env.toUpperCase() + "_PAYMENT");
    assertThat(info.getConfiguration().getSubjects()).containsExactly(env + ".payment.>");
  }

  /** Records entry and exit around the handler, and what it could see of the MDC. */
  static final class Tracing implements Middleware {
    private final String name;
    private final List<String> trace;

    Tracing(String name, List<String> trace) {
      this.name = name;
      this.trace = trace;
    }

    @Override
    public dev.natsaga.framework.EventHandler<Object> wrap(HandlerInfo info, dev.natsaga.framework.EventHandler<Object> next) {
      return event -> {
        trace.add(name + ">" + info.durableName() + " mdc=" + (MDC.get(MdcKeys.EVENT_ID) != null));
        try {
          next.handle(event);
        } finally {
          trace.add(name + "<");
        }
      };
    }
  }

  /** A middleware with an injected dependency that changes what the handler gets to see. */
  static final class Tagging implements Middleware {
    private final List<String> trace;

    @Inject
    Tagging(List<String> trace) {
      this.trace = trace;
    }

    @Override
    public dev.natsaga.framework.EventHandler<Object> wrap(HandlerInfo info, dev.natsaga.framework.EventHandler<Object> next) {
      return event -> {
        MDC.put("tenant", "acme");
        try {
          next.handle(event);
        } finally {
          MDC.remove("tenant");
          trace.add("tagging<");
        }
      };
    }
  }

  @Test
  void middlewareBoundThroughTheMultibinderWrapsHandlersFirstBoundOutermost() throws Exception {
    String env = GuiceTestSupport.freshEnv();
    List<String> trace = new CopyOnWriteArrayList<>();
    AbstractModule outerModule = new AbstractModule() {
      @Override
      protected void configure() {
        bind(new com.google.inject.TypeLiteral<List<String>>() { }).toInstance(trace);
        NatsagaModule.middleware(binder()).addBinding().toInstance(new Tracing("outer", trace));
        NatsagaModule.middleware(binder()).addBinding().toInstance(new Tracing("inner", trace));
      }
    };
    AbstractModule innermostModule = new AbstractModule() {
      @Override
      protected void configure() {
        NatsagaModule.middleware(binder()).addBinding().to(Tagging.class);
      }
    };
    AbstractModule handlerModule = new AbstractModule() {
      @Override
      protected void configure() {
        bind(Recorder.class).in(Singleton.class);
      }

      @ProvidesIntoSet
      HandlerRegistration<?> confirmed(Recorder recorder) {
        return HandlerRegistration.onEvent(CONFIRMED, Booking.class, event -> {
          trace.add("handler tenant=" + MDC.get("tenant"));
          recorder.record(event);
        }).build();
      }
    };
    Injector injector = startService(GuiceTestSupport.options(NATS.url(), env, "orders-service").build(),
        outerModule, innermostModule, handlerModule);
    otherService(env).publisher().publish(CONFIRMED, new Booking("b-3", 3));

    Seen seen = injector.getInstance(Recorder.class).next(WAIT);
    assertThat(seen.mdc()).containsEntry("tenant", "acme");
    String durable = "orders-service__booking_appointment_confirmed_v1";
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> trace.size() == 6);
    assertThat(trace).containsExactly(
        "outer>" + durable + " mdc=true",
        "inner>" + durable + " mdc=true",
        "handler tenant=acme",
        "tagging<",
        "inner<",
        "outer<");
  }
}
