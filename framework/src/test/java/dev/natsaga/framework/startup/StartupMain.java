package dev.natsaga.framework.startup;

import com.google.inject.Guice;
import com.google.inject.Injector;
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

  /** Printed once the runtime is built, right before start(): the test times the exit from here, not from the JVM's start. */
  static final String STARTING = "STARTING natsaga";

  private StartupMain() {
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "builder" -> {
        Natsaga natsaga = Natsaga.builder(NatsagaOptions.fromEnvironment()).domains("booking").build();
        System.out.println(STARTING);
        natsaga.start();
      }
      case "guice" -> {
        Injector injector = Guice.createInjector(new NatsagaModule(),
            binder -> NatsagaModule.domains(binder).addBinding().toInstance("booking"));
        NatsagaService service = injector.getInstance(NatsagaService.class);
        System.out.println(STARTING);
        service.start();
      }
      default -> throw new IllegalArgumentException("mode builder or guice, not " + args[0]);
    }
    System.out.println("STARTED");
  }
}
