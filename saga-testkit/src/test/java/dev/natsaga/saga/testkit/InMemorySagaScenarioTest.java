package dev.natsaga.saga.testkit;

/** The shared scenarios without NATS: {@link SagaTestKit} jumps its clock through timeouts and retries. */
class InMemorySagaScenarioTest extends SagaScenarioContract {

  @Override
  protected SagaScenarioKit newKit() {
    return SagaTestKit.create();
  }
}
