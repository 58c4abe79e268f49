package dev.natsaga.saga.engine;

import static dev.natsaga.saga.engine.TripSaga.BOOK;
import static dev.natsaga.saga.engine.TripSaga.BOOKED;
import static dev.natsaga.saga.engine.TripSaga.CANCEL;
import static dev.natsaga.saga.engine.TripSaga.CANCELLED;
import static dev.natsaga.saga.engine.TripSaga.CHARGE;
import static dev.natsaga.saga.engine.TripSaga.CHARGED;
import static dev.natsaga.saga.engine.TripSaga.REFUND;
import static dev.natsaga.saga.engine.TripSaga.REFUNDED;

import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.engine.TripSaga.CardCharged;
import dev.natsaga.saga.engine.TripSaga.FlightBooked;
import dev.natsaga.saga.engine.TripSaga.TripState;
import dev.natsaga.saga.testdb.DatabaseTest;
import dev.natsaga.saga.testkit.SagaTestKit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the engine suites: a fresh test kit and trip saga per test, on the class's database. */
abstract class EngineTest extends DatabaseTest {

  protected SagaTestKit kit;
  protected TripSaga trip;
  protected SagaDefinition<TripState> definition;

  @BeforeEach
  void newKit() {
    kit = SagaTestKit.create(store);
    trip = new TripSaga();
    definition = trip.definition();
  }

  @AfterEach
  void closeKit() {
    kit.close();
  }

  /** Every participant answers with success. */
  protected void happyParticipants() {
    kit.on(BOOK).reply(BOOKED, new FlightBooked("FL-1"));
    kit.on(CHARGE).reply(CHARGED, new CardCharged("CH-1"));
    kit.on(CANCEL).reply(CANCELLED);
    kit.on(REFUND).reply(REFUNDED);
  }

  protected UUID startTrip(TripState state) {
    return kit.start(definition, state);
  }

  /** @return the local effects a saga committed, in order */
  protected List<String> effects(UUID sagaId) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
      PreparedStatement ps = c.prepareStatement("SELECT effect FROM test_effect WHERE saga_id = ? ORDER BY id")) {
      ps.setObject(1, sagaId);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
