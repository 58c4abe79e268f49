package dev.natsaga.security;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.payload.PayloadStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Natsaga runtimes for the security tests, each in its own environment, and a search of the server's store files. */
public final class SecurityTesting {

  private SecurityTesting() {
  }

  public static String freshEnv() {
    return "s" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  public static Natsaga start(String url, String env, String service, List<PayloadStage> stages, HandlerRegistration<?>... handlers)
      throws Exception {
    NatsagaOptions options = NatsagaOptions.builder()
        .natsUrl(url)
        .environment(env)
        .serviceName(service)
        .shutdownTimeout(Duration.ofSeconds(5))
        .consumers(ConsumerOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)))
        .build();
    Natsaga.Builder b = Natsaga.builder(options).domains("payment", "crm");
    stages.forEach(b::payloadStage);
    for (HandlerRegistration<?> h : handlers) {
      b.handler(h);
    }
    return b.build().start();
  }

  /** The store files (under {@code storeDir}) whose bytes contain {@code text}. */
  public static List<Path> storeFilesContaining(Path storeDir, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(storeDir)) {
      return files.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0]; // a file the server removed while we walked
    }
  }

  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
