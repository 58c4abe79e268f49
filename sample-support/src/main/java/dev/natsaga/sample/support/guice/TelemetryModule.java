package dev.natsaga.sample.support.guice;

import com.google.inject.AbstractModule;
import dev.natsaga.framework.guice.NatsagaModule;
import dev.natsaga.sample.support.HealthEvents;
import dev.natsaga.sample.support.ServiceTelemetry;

/** Binds a sample's {@link ServiceTelemetry} into natsaga (metrics and spans) and provisions the health events' stream. */
public final class TelemetryModule extends AbstractModule {

  private final ServiceTelemetry telemetry;

  public TelemetryModule(ServiceTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  protected void configure() {
    NatsagaModule.meterRegistry(binder()).setBinding().toInstance(telemetry.registry());
    NatsagaModule.openTelemetry(binder()).setBinding().toInstance(telemetry.openTelemetry());
    NatsagaModule.domains(binder()).addBinding().toInstance(HealthEvents.DOMAIN);
  }
}
