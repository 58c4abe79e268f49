package dev.natsaga.reliability;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.ClusterInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The network partitions of a partition run ({@code faults --partitions}), over the cluster whose nodes live in
 * network namespaces ({@link NetworkNamespaces}):
 *
 * <ul>
 *   <li>{@link Faults.Kind#LEADER_ISOLATED}: the leader of the {@code {ENV}_PAYMENT} stream (commands and replies,
 *       asked with {@code $JS.API.STREAM.INFO}) cut off from everything;</li>
 *   <li>{@link Faults.Kind#FOLLOWER_ISOLATED}: one of its followers cut off;</li>
 *   <li>{@link Faults.Kind#SERVICES_SPLIT}: the services (root namespace) and one node on one side, the two other
 *       nodes (the majority) on the other: the services reach only a node that has no quorum. The node on the services'
 *       side alternates between the stream leader and a follower.</li>
 * </ul>
 *
 * Each is held for {@link #HOLD}, then healed; it counts as repaired once every node answers {@code /healthz} (in
 * contact with the meta leader and current) and every service answers {@code /health} with 200.
 */
final class PartitionFaults {

  /** How long a partition is held. */
  static final Duration HOLD = Duration.ofSeconds(12);
  /** Bookings of a quick partition run: at 4/s long enough for the held partitions to fall inside the load. */
  static final int QUICK_BOOKINGS = 360;
  private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(90);

  /** One chosen partition: what it cuts, how to apply and heal it. */
  record Cut(String target, Runnable apply) {
  }

  private final Deployment deployment;
  private int splits;
  private int followers;

  PartitionFaults(Deployment deployment) {
    this.deployment = deployment;
  }

  /** Quick: leader, follower, split (with kills of service instances between them when there are several); full: three rounds. */
  static List<Faults.Kind> plan(RunOptions o) {
    boolean instances = o.bookingInstances() + o.paymentInstances() > 2;
    List<Faults.Kind> round = instances
        ? List.of(Faults.Kind.LEADER_ISOLATED, Faults.Kind.BOOKING_KILL, Faults.Kind.FOLLOWER_ISOLATED, Faults.Kind.PAYMENT_KILL,
            Faults.Kind.SERVICES_SPLIT)
        : List.of(Faults.Kind.LEADER_ISOLATED, Faults.Kind.FOLLOWER_ISOLATED, Faults.Kind.SERVICES_SPLIT);
    List<Faults.Kind> plan = new ArrayList<>();
    for (int i = 0; i < (o.quick() ? 1 : 3); i++) {
      plan.addAll(round);
    }
    if (!o.quick()) {
      plan.add(Faults.Kind.NODE_LOSS);
    }
    return plan;
  }

  static String describePlan() {
    return "per node; the payment stream's leader isolated, a follower isolated, the services split from the majority";
  }

  /** Chooses the nodes for {@code kind} now (asking the cluster who leads the payment stream). */
  Cut choose(Faults.Kind kind) {
    NetworkNamespaces net = deployment.nats().network();
    int leader = leaderIndex();
    String leaderName = deployment.nats().node(leader).name();
    switch (kind) {
      case LEADER_ISOLATED -> {
        return new Cut(leaderName + " (leader of " + stream() + ")", () -> net.isolate(leader));
      }
      case FOLLOWER_ISOLATED -> {
        int follower = follower(leader, followers++);
        return new Cut(deployment.nats().node(follower).name() + " (follower; leader " + leaderName + ")", () -> net.isolate(follower));
      }
      case SERVICES_SPLIT -> {
        int with = splits++ % 2 == 0 ? leader : follower(leader, 0);
        return new Cut("services + " + deployment.nats().node(with).name() + (with == leader ? " (the leader)" : " (a follower)")
            + " | the other two", () -> net.split(List.of(with)));
      }
      default -> throw new IllegalArgumentException(kind + " is not a partition");
    }
  }

  /** Heals every cut and waits until the nodes and services are healthy again; @return the stream's leader after. */
  String healAndAwait() {
    deployment.nats().network().heal();
    long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
    NatsNodes nats = deployment.nats();
    for (int i = 0; i < nats.size(); i++) {
      nats.node(i).awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    for (ServiceProcess s : deployment.services()) {
      while (!s.healthy()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(s.name() + " not healthy " + HEAL_TIMEOUT.toSeconds() + " s after the heal");
        }
        ServiceProcess.sleep(250);
      }
    }
    return nats.node(leaderIndex()).name();
  }

  private String stream() {
    return deployment.stream("payment");
  }

  private int follower(int leader, int n) {
    int size = deployment.nats().size();
    return (leader + 1 + Math.floorMod(n, size - 1)) % size;
  }

  /** The index of the payment stream's leader; asks for up to 60 s (an election may be under way). */
  private int leaderIndex() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        JetStreamManagement jsm = deployment.connection().jetStreamManagement();
        ClusterInfo cluster = jsm.getStreamInfo(stream()).getClusterInfo();
        int index = cluster == null || cluster.getLeader() == null ? -1 : deployment.nats().indexOf(cluster.getLeader());
        if (index >= 0) {
          return index;
        }
        last = "no leader reported";
      } catch (Exception e) {
        last = e.toString();
      }
      ServiceProcess.sleep(500);
    }
    throw new IllegalStateException("could not find the leader of " + stream() + ": " + last);
  }
}
