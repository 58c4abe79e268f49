package dev.natsaga.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.config.StreamOptions;
import io.nats.client.api.StorageType;
import dev.natsaga.saga.SagaActor;
import dev.natsaga.saga.SagaStart;
import dev.natsaga.saga.SagaView;
import dev.natsaga.saga.testkit.KitCommand;
import dev.natsaga.saga.testkit.NatsSagaTestKit;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything a console test runs against, all real: the saga test kit over the given nats-server (orchestrator,
 * H2 store, a scripted payment participant), a "notes" service whose handler can be broken to make dead letters, and
 * the console embedded with three users.
 */
final class ConsoleFixture implements AutoCloseable {

  static final String OPERATOR = "olivia";
  static final String OPERATOR_PASSWORD = "olivia-password";
  static final String VIEWER = "victor";
  static final String VIEWER_PASSWORD = "victor-password";
  static final String BOT_TOKEN = "bot-token-0123456789";
  static final String NOTE_POSTED = "shop.note.posted.v1";
  /** Charges above this are declined; exactly {@link #SILENT_AMOUNT} gets no reply (the saga stays RUNNING). */
  static final long DECLINE_ABOVE = 1_000;
  static final long SILENT_AMOUNT = 777;

  /** A note a customer posted: the notes service's event. */
  record Note(String noteId, String text, String email) { }

  final ShopSaga shop = new ShopSaga();
  final NatsSagaTestKit kit;
  final Natsaga notes;
  final AtomicBoolean notesBroken = new AtomicBoolean();
  final List<Note> handledNotes = new CopyOnWriteArrayList<>();
  final Console console;

  ConsoleFixture(String natsUrl) throws Exception {
    this(natsUrl, null);
  }

  /** @param store the saga store (e.g. an H2 file another process or the command line opens too), null for in-memory H2 */
  ConsoleFixture(String natsUrl, dev.natsaga.saga.store.SagaStore store) throws Exception {
    NatsSagaTestKit.Builder b = NatsSagaTestKit.builder(natsUrl).definitions(shop.definition())
        .settleTimeout(Duration.ofSeconds(20));
    kit = (store == null ? b : b.store(store)).build();
    kit.on(ShopSaga.CHARGE).react(this::charge);
    kit.on(ShopSaga.REFUND).reply(ShopSaga.REFUNDED);
    StreamOptions memory = StreamOptions.defaults().withStorage(StorageType.Memory).withMaxAge(Duration.ofHours(1));
    notes = Natsaga.builder(NatsagaOptions.builder().natsUrl(natsUrl).environment(kit.environment())
            .serviceName("notes").streams(memory).deadLetterStream(memory).build())
        .handler(HandlerRegistration.onEvent(NOTE_POSTED, Note.class, event -> {
          if (notesBroken.get()) {
            throw new NonRetryableException("note store rejected note " + event.data().noteId());
          }
          handledNotes.add(event.data());
        }).build())
        .build().start();
    console = Console.builder().natsaga(kit.natsaga()).sagaEngine(kit.engine()).sagaStore(kit.store())
        .users(new ConsoleUsers(List.of(ConsoleUser.withPassword(OPERATOR, ConsoleRole.OPERATOR, OPERATOR_PASSWORD),
            ConsoleUser.withPassword(VIEWER, ConsoleRole.READ_ONLY, VIEWER_PASSWORD),
            ConsoleUser.withToken("deploy-bot", ConsoleRole.OPERATOR, BOT_TOKEN))))
        .port(0).build().start();
  }

  private List<dev.natsaga.saga.SagaReply> charge(KitCommand command) {
    JsonNode payload;
    try {
      payload = Json.mapper().readTree(command.payloadJson());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("charge command is not JSON: " + command.payloadJson(), e);
    }
    long amount = payload.path("amount").asLong();
    if (amount == SILENT_AMOUNT) {
      return List.of();
    }
    ScriptedReplies replies = new ScriptedReplies(kit.on(ShopSaga.CHARGE), command);
    return amount > DECLINE_ABOVE ? replies.reply(ShopSaga.DECLINED, java.util.Map.of("reason", "card declined"))
        : replies.reply(ShopSaga.CHARGED, new ShopSaga.Charged("ch-" + payload.path("orderId").asText()));
  }

  /** Who starts the fixture's sagas (CloudEvents authid; authtype user). */
  static final String ACTOR = "ops-tester";

  /** Starts an order saga and waits until it settled (or, for {@link #SILENT_AMOUNT}, until its charge was sent). */
  SagaView order(String orderId, long amount, String note) throws Exception {
    UUID id = kit.engine().start(shop.definition(), new ShopSaga.Order(orderId, amount, note, null),
        SagaStart.builder().callerKey("order-" + orderId).actor(SagaActor.of(SagaActor.USER, ACTOR)).build());
    if (amount == SILENT_AMOUNT) {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> kit.on(ShopSaga.CHARGE).received().stream().anyMatch(c -> c.payloadJson().contains(orderId)));
      return kit.engine().find(id).orElseThrow();
    }
    return kit.engine().await(id, Duration.ofSeconds(20));
  }

  /** @return the dead-letter sequence of the message whose payload holds {@code marker}, once it is there */
  long awaitDeadLetter(String marker) {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> kit.natsaga().deadLetters()
        .list(0, 1000).stream().filter(d -> new String(d.payload(), java.nio.charset.StandardCharsets.UTF_8).contains(marker))
        .mapToLong(d -> d.sequence()).findFirst().orElse(-1), s -> s > 0);
  }

  void postNote(Note note) {
    notes.publisher().publish(NOTE_POSTED, note);
  }

  String uri(String path) {
    return console.uri().resolve(path).toString();
  }

  @Override
  public void close() throws Exception {
    console.close();
    notes.close();
    kit.close();
  }

  /** Builds a reply to one command through the participant's own helper. */
  private record ScriptedReplies(dev.natsaga.saga.testkit.ScriptedParticipant participant, KitCommand command) {
    List<dev.natsaga.saga.SagaReply> reply(String type, Object payload) {
      return List.of(participant.replyTo(command, type, payload, UUID.randomUUID().toString()));
    }
  }
}
