package dev.natsaga.framework.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.natsaga.framework.Natsaga;
import dev.natsaga.test.nats.NatsServerExtension;
import dev.natsaga.test.nats.NatsServerOptions;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Decentralized authentication end to end: a nats-server in operator mode (operator, system and application account
 * JWTs made for this run, preloaded into a memory resolver, JetStream enabled for the application account) and a
 * service that reads a user's creds file (user JWT and seed) from {@code NATS_CREDS_FILE}.
 */
class CredsAuthenticationTest {

  private static final Keys KEYS = new Keys();

  @RegisterExtension
  static final NatsServerExtension OPERATOR_MODE = NatsServerExtension.singleNode(NatsServerOptions.builder()
      .configLines(KEYS.serverConfig()).build());

  @Test
  void aCredsFileFromSettingsConnectsPublishesAndConsumes() throws Exception {
    AuthenticationTest.publishesAndHandles(AuthenticationTest.settings(OPERATOR_MODE.url(),
        "NATS_CREDS_FILE", KEYS.credsFile(KEYS.app).toString()));
  }

  @Test
  void aUserOfAnAccountTheServerDoesNotKnowFailsStartNamingNatsUrl() throws Exception {
    Natsaga natsaga = Natsaga.builder(NatsagaOptions.from(Settings.of(AuthenticationTest.settings(OPERATOR_MODE.url(),
        "NATS_CREDS_FILE", KEYS.credsFile(Keys.create(Kind.ACCOUNT)).toString())))).build();
    assertThatThrownBy(natsaga::start).isInstanceOf(IOException.class).hasMessageContaining("NATS_URL")
        .hasMessageContaining("uthorization");
  }

  private enum Kind { OPERATOR, ACCOUNT, USER }

  /** The keys of this run and the JWTs they sign. */
  private static final class Keys {
    final NKey operator = create(Kind.OPERATOR);
    final NKey system = create(Kind.ACCOUNT);
    final NKey app = create(Kind.ACCOUNT);

    static NKey create(Kind kind) {
      try {
        return switch (kind) {
          case OPERATOR -> NKey.createOperator(null);
          case ACCOUNT -> NKey.createAccount(null);
          case USER -> NKey.createUser(null);
        };
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot create an NKey", e);
      }
    }

    static String pub(NKey key) {
      try {
        return new String(key.getPublicKey());
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read a public key", e);
      }
    }

    String[] serverConfig() {
      try {
        String operatorJwt = JwtUtils.issueJWT(operator, pub(operator), "natsaga-test-operator", null,
            JwtUtils.currentTimeSeconds(), pub(operator), () -> "{\"type\":\"operator\",\"version\":2}");
        return new String[] {
            "operator: \"" + operatorJwt + "\"",
            "system_account: " + pub(system),
            "resolver: MEMORY",
            "resolver_preload: {",
            "  " + pub(system) + ": \"" + accountJwt(system, "SYS", false) + "\"",
            "  " + pub(app) + ": \"" + accountJwt(app, "APP", true) + "\"",
            "}"};
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot sign the operator and account JWTs", e);
      }
    }

    private String accountJwt(NKey account, String name, boolean jetStream) throws IOException, GeneralSecurityException {
      String limits = "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1"
          + (jetStream ? ",\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1" : "");
      String claim = "{\"limits\":{" + limits + "},\"type\":\"account\",\"version\":2}";
      return JwtUtils.issueJWT(operator, pub(account), name, null, JwtUtils.currentTimeSeconds(), pub(operator), () -> claim);
    }

    /** A creds file for a new user of {@code account}, signed by it. */
    Path credsFile(NKey account) throws IOException, GeneralSecurityException {
      NKey user = create(Kind.USER);
      String jwt = JwtUtils.issueUserJWT(account, pub(account), pub(user), "natsaga-test-user", Duration.ofHours(1));
      Path file = Files.createTempFile("natsaga", ".creds");
      file.toFile().deleteOnExit();
      Files.writeString(file, "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
          + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed()) + "\n------END USER NKEY SEED------\n");
      return file;
    }
  }
}
