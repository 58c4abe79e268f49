package dev.natsaga.framework.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.test.nats.NatsServer;
import dev.natsaga.test.nats.NatsServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from settings, end to end: a throw-away CA and server certificate made with openssl, a
 * nats-server that requires TLS, and a PKCS12 trust store holding the CA ({@code NATS_TLS_TRUSTSTORE}).
 */
class TlsTest {

  @TempDir
  static Path dir;

  private static NatsServer server;
  private static Path trustStore;

  @BeforeAll
  static void startTlsServer() throws Exception {
    if (!openssl("version")) {
      throw new IllegalStateException("openssl is needed to make the test certificates: apt-get install openssl (.ci/run installs it)");
    }
    makeCertificates();
    trustStore = trustStore(dir.resolve("ca.pem"), "changeit");
    server = NatsServer.start(NatsServerOptions.builder().configLines(
        "tls {",
        "  cert_file: \"" + dir.resolve("server.pem") + "\"",
        "  key_file: \"" + dir.resolve("server-key.pem") + "\"",
        "  timeout: 2",
        "}").build());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static String tlsUrl() {
    return "tls://127.0.0.1:" + server.port();
  }

  @Test
  void trustStoreFromSettingsConnectsOverTlsPublishesAndConsumes() throws Exception {
    AuthenticationTest.publishesAndHandles(AuthenticationTest.settings(tlsUrl(),
        "NATS_TLS_TRUSTSTORE", trustStore.toString(), "NATS_TLS_TRUSTSTORE_PASSWORD", "changeit"));
  }

  @Test
  void theJvmsDefaultTrustFailsStartNamingNatsUrl() {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(AuthenticationTest.settings(tlsUrl(), "NATS_TLS", "true")))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL").hasMessageContaining(tlsUrl());
  }

  @Test
  void aPlainConnectionToATlsServerFailsStartNamingNatsUrl() {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(AuthenticationTest.settings(server.url())))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL");
  }

  private static void makeCertificates() throws Exception {
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=natsaga test CA");
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
  }

  private static Path trustStore(Path caPem, String password) throws Exception {
    Certificate ca;
    try (InputStream in = Files.newInputStream(caPem)) {
      ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("natsaga-test-ca", ca);
    Path file = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
    return file;
  }

  private static boolean openssl(String... args) {
    try {
      return exec(args) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(String... args) throws IOException {
    if (exec(args) != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: "
          + Files.readString(dir.resolve("openssl.log"), StandardCharsets.UTF_8));
    }
  }

  private static int exec(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.log").toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("openssl " + String.join(" ", args) + " timed out");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
