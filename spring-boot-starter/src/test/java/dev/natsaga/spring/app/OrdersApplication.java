package dev.natsaga.spring.app;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.consume.Middleware;
import dev.natsaga.saga.Command;
import dev.natsaga.saga.Saga;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.participant.SagaParticipant;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The test application, written as a user would with the starter: a handler bean, a saga definition bean and the
 * participant's command handler bean; everything else (runtime, store, orchestrator, participant, health, metrics)
 * comes from the auto-configuration. The orders service both runs the saga and answers its payment command.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class OrdersApplication {

  public static final String NOTED = "orders.order.noted.v1";
  public static final String CHARGE = "payments.payment.charge.v1";
  public static final String CHARGED = "payments.payment.charged.v1";
  public static final String DECLINED = "payments.payment.declined.v1";
  /** Amounts above this are declined by the participant. */
  public static final long LIMIT = 10_000;

  /** An order note, published and handled as an event. */
  public record Note(String orderId, String text) {
  }

  /** The saga's state. */
  public record OrderState(String orderId, long amount, String paymentId, boolean confirmed) {
    OrderState withPayment(Charged charged) {
      return new OrderState(orderId, amount, charged.paymentId(), confirmed);
    }
  }

  /** The command. */
  public record Charge(String orderId, long amount) {
  }

  /** The success reply. */
  public record Charged(String paymentId) {
  }

  /** The failure reply. */
  public record Declined(String reason) {
  }

  /** The notes the handler bean received, for the test to read. */
  @Bean
  public BlockingQueue<Event<Note>> receivedNotes() {
    return new LinkedBlockingQueue<>();
  }

  /** A plain event handler, as a bean. */
  @Bean
  public HandlerRegistration<Note> noteHandler(BlockingQueue<Event<Note>> receivedNotes) {
    return HandlerRegistration.onEvent(NOTED, Note.class, receivedNotes::add).build();
  }

  /** The types every handler saw, recorded by a middleware bean. */
  @Bean
  public Set<String> handledTypes() {
    return ConcurrentHashMap.newKeySet();
  }

  /** A middleware bean: wraps every handler, the reply consumers and the participant's included. */
  @Bean
  public Middleware recordingMiddleware(Set<String> handledTypes) {
    return (info, next) -> event -> {
      handledTypes.add(info.type().name());
      next.handle(event);
    };
  }

  /** The saga, as a bean: charge the payment remotely, then confirm locally. */
  @Bean
  public SagaDefinition<OrderState> orderSaga() {
    return Saga.define("orders.place", OrderState.class)
        .step("charge-payment")
          .send(o -> Command.of(CHARGE, new Charge(o.orderId(), o.amount())).withSubject(o.orderId()))
          .onReply(CHARGED, Charged.class, OrderState::withPayment)
          .failOn(DECLINED)
          .timeout(Duration.ofSeconds(20))
        .step("confirm-order")
          .local(ctx -> new OrderState(ctx.state().orderId(), ctx.state().amount(), ctx.state().paymentId(), true))
        .build();
  }

  /** The participant's command handler, as a bean built from the auto-configured participant. */
  @Bean
  public HandlerRegistration<Charge> chargeHandler(SagaParticipant payments) {
    return payments.handle(CHARGE, Charge.class, cmd -> cmd.data().amount() > LIMIT
        ? cmd.fail(DECLINED, new Declined("amount " + cmd.data().amount() + " is above " + LIMIT))
        : cmd.succeed(CHARGED, new Charged("pay-" + cmd.data().orderId())));
  }
}
