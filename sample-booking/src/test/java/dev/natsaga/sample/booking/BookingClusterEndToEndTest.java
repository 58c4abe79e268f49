package dev.natsaga.sample.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The samples on the repository's 3-node cluster config ({@code nats-config/cluster/node-{1,2,3}.conf}): three real
 * nats-server processes form the cluster {@code natsaga} (temporary copies of the files with only the route ports moved
 * to free ones, as nats-config's {@code ClusterConfigTest} does; client and monitoring ports are the harness's flags,
 * JetStream and its store folder the files' own). Both services run as separate JVM processes with {@code NATS_URL}
 * listing all three nodes and {@code NATS_STREAM_REPLICAS=3}, nothing else cluster-specific (the default publish retry
 * budget, {@code NATS_PUBLISH_ATTEMPTS=10}, about 20 s, outlasts a leader election).
 *
 * <p>In order: every stream the services provisioned is R3 with two current replicas; the demo's three bookings pass;
 * then, with 20 bookings in flight, the leader of the payment stream (commands and replies) is killed with SIGKILL, and
 * every booking still ends CONFIRMED with its payment CAPTURED (or, above the decline limit, CANCELLED with it
 * DECLINED), with exactly one outcome event each on the booking stream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BookingClusterEndToEndTest {

  private static final String ENV = "cluster";
  private static final String BOOKING_STREAM = "CLUSTER_BOOKING";
  private static final String PAYMENT_STREAM = "CLUSTER_PAYMENT";
  private static final Duration OUTCOME = Duration.ofSeconds(30);

  private static final List<NatsServer> NODES = new ArrayList<>();
  private static Path copies;
  private static SampleServices services;
  private static Connection probe;

  @BeforeAll
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  static void startClusterAndServices() throws Exception {
    copies = Files.createTempDirectory("natsaga-booking-cluster-");
    int[] free = RepoNatsConfig.freePorts(3);
    Map<String, String> routes = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      routes.put("127.0.0.1:" + (6222 + i), "127.0.0.1:" + free[i]);
    }
    List<CompletableFuture<NatsServer>> starting = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path copy = RepoNatsConfig.copyReplacing(RepoNatsConfig.file("cluster/node-" + i + ".conf"), copies, routes);
      NatsServerOptions options = NatsServerOptions.builder()
          .configFile(copy).jetStream(false).serverName("natsaga-" + i).startupTimeout(Duration.ofSeconds(30)).build();
      // a node is ready only once a meta leader is elected, which needs a quorum: start all three at once
      starting.add(CompletableFuture.supplyAsync(() -> NatsServer.start(options)));
    }
    RuntimeException failure = null;
    for (CompletableFuture<NatsServer> f : starting) {
      try {
        NODES.add(f.join());
      } catch (CompletionException e) {
        failure = failure == null ? (RuntimeException) e.getCause() : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    String urls = NODES.stream().map(NatsServer::url).collect(Collectors.joining(","));
    probe = Nats.connect(Options.builder().servers(urls.split(",")).maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build());
    services = SampleServices.start("e2e-cluster",
        Map.of("NATS_URL", urls, "APP_ENV", ENV, "NATS_STREAM_REPLICAS", "3", "NATSAGA_LOG_LEVEL", "INFO"),
        Map.of(), Map.of(), Duration.ofSeconds(60));
  }

  @AfterAll
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  static void stopEverything() throws Exception {
    List<String> unclean = new ArrayList<>();
    try {
      if (services != null) {
        unclean = services.stop(Duration.ofSeconds(20));
      }
    } finally {
      if (probe != null) {
        probe.close();
      }
      NODES.forEach(NatsServer::close);
      if (copies != null) {
        try (var files = Files.walk(copies)) {
          files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
      }
    }
    assertThat(unclean).as("services stop cleanly on SIGTERM, with one node of the cluster dead").isEmpty();
  }

  @Test
  @Order(1)
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theThreeNodesFormOneClusterAndEveryStreamIsReplicatedThreeTimes() throws Exception {
    JetStreamManagement jsm = probe.jetStreamManagement();
    List<String> streams = jsm.getStreamNames().stream().filter(s -> s.startsWith("CLUSTER_") || s.startsWith("KV_CLUSTER_")).toList();
    assertThat(streams).contains(BOOKING_STREAM, PAYMENT_STREAM, "CLUSTER_DLQ");
    for (String stream : streams) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        StreamInfo info = jsm.getStreamInfo(stream);
        ClusterInfo cluster = info.getClusterInfo();
        assertThat(info.getConfiguration().getReplicas()).as(stream + " replicas").isEqualTo(3);
        assertThat(cluster.getName()).isEqualTo("natsaga");
        assertThat(cluster.getLeader()).as(stream + " leader").isIn("natsaga-1", "natsaga-2", "natsaga-3");
        assertThat(cluster.getReplicas()).as(stream + " followers").hasSize(2)
            .allSatisfy(r -> assertThat(r.isCurrent()).as(stream + " follower " + r.getName() + " current").isTrue());
      });
    }
    // the services' durable consumers (saga replies, payment commands, booking events) are replicated with their
    // stream; the customer projection reads through an ordered consumer, which is ephemeral and R1 by design
    List<String> consumers = new ArrayList<>();
    for (String stream : List.of(BOOKING_STREAM, PAYMENT_STREAM)) {
      for (ConsumerInfo ci : jsm.getConsumers(stream)) {
        if (ci.getConsumerConfiguration().getDurable() == null) {
          continue;
        }
        consumers.add(ci.getName());
        assertThat(ci.getClusterInfo().getReplicas()).as(stream + " consumer " + ci.getName() + " followers").hasSize(2);
      }
    }
    assertThat(consumers).contains("payment-service__payment_transaction_authorize_v1");
  }

  @Test
  @Order(2)
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theDemoBookingsPassOnReplicatedStreams() throws Exception {
    DemoBookings.run(services, OUTCOME);
  }

  @Test
  @Order(3)
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void withTheLeaderOfThePaymentStreamKilledMidRunEveryBookingStillCompletes() throws Exception {
    JetStreamManagement jsm = probe.jetStreamManagement();
    long confirmedBefore = events("confirmed");
    long cancelledBefore = events("cancelled");
    String leaderName = jsm.getStreamInfo(PAYMENT_STREAM).getClusterInfo().getLeader();
    NatsServer leader = NODES.stream().filter(n -> n.name().equals(leaderName)).findFirst().orElseThrow();

    // 20 bookings, one every 100 ms; every fifth above the decline limit, so compensations run through the failover too
    int total = 20;
    List<String[]> posted = new CopyOnWriteArrayList<>();   // {bookingId, amount}
    CountDownLatch eightPosted = new CountDownLatch(8);
    CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < total; i++) {
          long amount = i % 5 == 4 ? DemoBookings.DECLINED : 1_000 + i;
          Http.Response r = services.bookings.book(Bookings.slot(), amount);
          posted.add(new String[] {r.text("bookingId"), String.valueOf(amount)});
          eightPosted.countDown();
          Thread.sleep(100);
        }
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    assertThat(eightPosted.await(20, TimeUnit.SECONDS)).isTrue();
    long killedAt = System.nanoTime();
    leader.kill();                     // SIGKILL, bookings in flight: a new payment stream leader must be elected
    posting.get(40, TimeUnit.SECONDS);
    assertThat(posted).hasSize(total);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      List<String> pending = new ArrayList<>();
      for (String[] b : posted) {
        Http.Response r = Http.get(services.booking.url("/bookings/" + b[0]));
        if (r.status() != 200 || "PENDING".equals(r.text("status"))) {
          pending.add(b[0] + " " + r.body());
        }
      }
      assertThat(pending).as("bookings not yet settled").isEmpty();
    });
    System.out.printf("all %d bookings settled %d ms after %s was killed%n", total,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), leaderName);

    int confirmed = 0;
    int cancelled = 0;
    for (String[] b : posted) {
      String bookingId = b[0];
      long amount = Long.parseLong(b[1]);
      Http.Response booking = Http.get(services.booking.url("/bookings/" + bookingId));
      Http.Response payment = services.payment(bookingId);
      if (amount > 100_000) {
        assertThat(booking.text("status")).as(booking.body().toString()).isEqualTo("CANCELLED");
        assertThat(booking.text("sagaStatus")).isEqualTo("COMPENSATED");
        assertThat(payment.text("status")).as("payment of declined booking " + bookingId).isEqualTo("DECLINED");
        cancelled++;
      } else {
        // CONFIRMED => payment CAPTURED, for the full amount
        assertThat(booking.text("status")).as(booking.body().toString()).isEqualTo("CONFIRMED");
        assertThat(booking.text("sagaStatus")).isEqualTo("COMPLETED");
        assertThat(payment.status()).isEqualTo(200);
        assertThat(payment.text("status")).as("payment of confirmed booking " + bookingId).isEqualTo("CAPTURED");
        assertThat(payment.body().get("amount").asLong()).isEqualTo(amount);
        confirmed++;
      }
    }

    // exactly one outcome event per booking on the (R3) booking stream, none lost or doubled by the failover
    long wantConfirmed = confirmedBefore + confirmed;
    long wantCancelled = cancelledBefore + cancelled;
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(events("confirmed")).as("confirmed events").isEqualTo(wantConfirmed);
      assertThat(events("cancelled")).as("cancelled events").isEqualTo(wantCancelled);
    });
    StreamInfo after = jsm.getStreamInfo(PAYMENT_STREAM);
    assertThat(after.getClusterInfo().getLeader()).as("a new leader").isNotNull().isNotEqualTo(leaderName);
    assertThat(after.getConfiguration().getReplicas()).isEqualTo(3);
    Thread.sleep(1_000);
    assertThat(events("confirmed")).as("no duplicate confirmed event").isEqualTo(wantConfirmed);
    assertThat(events("cancelled")).as("no duplicate cancelled event").isEqualTo(wantCancelled);
  }

  /** How many {@code booking.appointment.<action>.v1} events the booking stream holds. */
  private static long events(String action) throws Exception {
    String subject = ENV + ".booking.appointment." + action + ".v1";
    try {
      StreamInfo info = probe.jetStreamManagement().getStreamInfo(BOOKING_STREAM, StreamInfoOptions.filterSubjects(subject));
      return info.getStreamState().getSubjectMap().getOrDefault(subject, 0L);
    } catch (IOException e) {
      throw new IllegalStateException("stream info of " + BOOKING_STREAM + ": " + e.getMessage(), e);
    }
  }
}
