/**
 * Test support that runs real nats-server processes, never mocks: a single JetStream server
 * ({@link dev.natsaga.test.nats.NatsServer}), a JetStream cluster
 * ({@link dev.natsaga.test.nats.NatsCluster}) and a JUnit 5 extension
 * ({@link dev.natsaga.test.nats.NatsServerExtension}) that starts either for a test class.
 *
 * <h2>The nats-server binary</h2>
 * A nats-server 2.10 or newer is required (Debian's 2.9.x is too old and is never picked up from
 * the {@code PATH}). {@link dev.natsaga.test.nats.NatsServerBinary} finds it through one setting:
 * {@code -Dnatsaga.nats.server.bin}, else the environment variable {@code NATS_SERVER_BIN}, else
 * {@code <project root>/.tools/nats-server/usr/sbin/nats-server}, where
 * {@code scripts/fetch-nats-server.sh} puts it. A missing or old binary fails the tests with a
 * message that says which setting was used and how to fix it; nothing is skipped.
 *
 * <h2>A server per test class</h2>
 * <pre>{@code
 * class PublishTest {
 *     @RegisterExtension
 *     static final NatsServerExtension NATS = NatsServerExtension.singleNode();
 *
 *     @Test
 *     void acks() throws Exception {
 *         Connection nc = NATS.connect();                       // closed after the test
 *         nc.jetStreamManagement().addStream(StreamConfiguration.builder()
 *                 .name("ORDERS").subjects("orders.>").storageType(StorageType.File).build());
 *         PublishAck ack = nc.jetStream().publish("orders.1", "hi".getBytes());
 *         assertThat(ack.getSeqno()).isEqualTo(1);
 *     }
 * }
 * }</pre>
 *
 * <h2>Crash and restart</h2>
 * <pre>{@code
 * @Test
 * void keepsMessagesAcrossCrash(NatsServer server, Connection nc) throws Exception {
 *     ... publish to a file-backed stream ...
 *     server.kill();       // SIGKILL, like a power cut for the process
 *     server.restart();    // same port and store folder; returns once JetStream recovered
 *     ... nc reconnects by itself (connect() reconnects forever) and reads the messages back ...
 * }
 * }</pre>
 * Extra configuration goes through {@link dev.natsaga.test.nats.NatsServerOptions}, for example
 * {@code NatsServerExtension.singleNode(NatsServerOptions.builder().configLine("jetstream { sync_interval: always }").build())}.
 *
 * <h2>A cluster</h2>
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension NATS = NatsServerExtension.cluster(3);
 *
 * @Test
 * void survivesNodeLoss(NatsCluster cluster, Connection nc) throws Exception {
 *     ... add a stream with replicas(3) ...
 *     cluster.node(1).kill();
 *     nc.jetStream().publish("orders.2", data);   // 2 of 3 still form a quorum
 *     cluster.node(1).restart();
 * }
 * }</pre>
 *
 * <p>Outside JUnit, use {@code try (NatsServer server = NatsServer.start()) { ... }} or
 * {@code try (NatsCluster cluster = NatsCluster.start(3)) { ... }} directly. Every server listens on
 * free ports of 127.0.0.1 (never 4222), writes its output to a log file in its temporary folder
 * ({@link dev.natsaga.test.nats.NatsServer#logTail(int)}), and is killed when the JVM exits. A server can listen on
 * another address and run under a command prefix instead ({@code NatsServerOptions.builder().host("10.213.7.11")
 * .launcher(List.of("ip", "netns", "exec", "ns1"))}): the reliability module's partition run puts each cluster node in
 * its own network namespace that way.
 */
package dev.natsaga.test.nats;
