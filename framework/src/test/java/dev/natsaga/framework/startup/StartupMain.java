package dev.natsaga.framework.startup;

import com.google.inject.Guice;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.framework.config.NatsagaOptions;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.framework.guice.NatsagaService;

/**
 * What a newcomer's service does at start-up, run in a child JVM by {@link FailedStartTest}: build
 * the runtime the plain way or through Guice and start it, letting any failure escape {@code main}.
 * Settings come from system properties ({@code -DNATS_URL=...}), as {@link NatsagaOptions#fromEnvironment()} reads them.
 */
public final class StartupMain {

  private StartupMain() {
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "builder" -> Natsaga.builder(NatsagaOptions.fromEnvironment()).domains("booking").build().start();
      case "guice" -> NatsagaService.start(Guice.createInjector(new NatsagaModule(),
          binder -> NatsagaModule.domains(binder).addBinding().toInstance("booking")));
      default -> throw new IllegalArgumentException("mode builder or guice, not " + args[0]);
    }
    System.out.println("STARTED");
  }
}
