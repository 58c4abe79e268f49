package dev.natsaga.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line of {@code reliability/run.sh}: defaults per run, explicit options winning, and named errors. */
class RunOptionsTest {

  @Test
  void quick_and_full_defaults_per_run() {
    RunOptions quickFaults = RunOptions.parse("faults", "--quick");
    RunOptions fullFuzz = RunOptions.parse("fuzz");

    assertThat(quickFaults.mode()).isEqualTo(RunOptions.Mode.FAULTS);
    assertThat(quickFaults.quick()).isTrue();
    assertThat(quickFaults.bookings()).isEqualTo(160);
    assertThat(quickFaults.rate()).isEqualTo(4);
    assertThat(fullFuzz.bookings()).isEqualTo(400);
    assertThat(fullFuzz.hostile()).isEqualTo(6000);
    assertThat(fullFuzz.env()).isEqualTo("rel");
    assertThat(fullFuzz.settleBound()).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void flags_and_values_win_over_the_defaults_in_any_order() {
    RunOptions o = RunOptions.parse("fuzz", "--bookings", "12", "--postgres", "--quick", "--pg-restart", "--cluster",
        "--keep", "--known-defects", "--rate", "1.5", "--hostile", "7", "--hostile-rate", "9", "--seed", "5", "--env", "x-1",
        "--decline-above", "300", "--settle-seconds", "20", "--work-dir", "/tmp/w", "--booking-jar", "b.jar",
        "--payment-jar", "p.jar");

    assertThat(o).isEqualTo(new RunOptions(RunOptions.Mode.FUZZ, true, true, true, true, false, false, false, false, 1, 1, 12, 1.5, 7, 9, "x-1", 300,
        Duration.ofSeconds(20), 5, Path.of("/tmp/w"), true, true, Path.of("b.jar"), Path.of("p.jar")));
  }

  @Test
  void a_partition_run_is_a_cluster_run_whose_quick_load_outlasts_its_held_partitions() {
    RunOptions o = RunOptions.parse("faults", "--quick", "--partitions");

    assertThat(o.partitions()).isTrue();
    assertThat(o.cluster()).isTrue();
    assertThat(o.bookings()).isEqualTo(PartitionFaults.QUICK_BOOKINGS);
    assertThat(Faults.plan(o)).containsExactly(Faults.Kind.LEADER_ISOLATED, Faults.Kind.FOLLOWER_ISOLATED, Faults.Kind.SERVICES_SPLIT);
    assertThat(Faults.plan(RunOptions.parse("faults", "--partitions"))).hasSize(10).endsWith(Faults.Kind.NODE_LOSS);
    assertThat(RunOptions.parse("faults", "--quick", "--partitions", "--bookings", "50").bookings()).isEqualTo(50);
    assertThatThrownBy(() -> RunOptions.parse("faults", "--partitions", "--pauses"))
        .hasMessageContaining("separate runs");
  }

  @Test
  void several_instances_share_a_postgres_database_and_their_kills_join_the_partitions() {
    RunOptions o = RunOptions.parse("faults", "--quick", "--postgres", "--instances", "3,2", "--partitions");

    assertThat(o.bookingInstances()).isEqualTo(3);
    assertThat(o.paymentInstances()).isEqualTo(2);
    assertThat(Faults.plan(o)).containsExactly(Faults.Kind.LEADER_ISOLATED, Faults.Kind.BOOKING_KILL,
        Faults.Kind.FOLLOWER_ISOLATED, Faults.Kind.PAYMENT_KILL, Faults.Kind.SERVICES_SPLIT);
    assertThatThrownBy(() -> RunOptions.parse("faults", "--instances", "3,2"))
        .hasMessageContaining("needs --postgres");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--postgres", "--instances", "3"))
        .hasMessageContaining("BOOKING,PAYMENT");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--postgres", "--instances", "0,2"))
        .hasMessageContaining("1-5 booking");
  }

  @Test
  void a_pause_run_freezes_each_process_in_turn_instead_of_killing_it() {
    RunOptions o = RunOptions.parse("faults", "--quick", "--pauses");

    assertThat(o.pauses()).isTrue();
    assertThat(Faults.plan(o)).containsExactly(Faults.Kind.BOOKING_PAUSE, Faults.Kind.PAYMENT_PAUSE, Faults.Kind.NATS_PAUSE);
    assertThat(Faults.PAUSE).isGreaterThan(Deployment.PAUSE_ACK_WAIT).isGreaterThan(Duration.ofSeconds(10));
  }

  @Test
  void a_clock_jump_run_moves_each_services_clock_forward_and_back() {
    assertThat(Faults.plan(RunOptions.parse("faults", "--quick", "--clock-jumps"))).containsExactly(
        Faults.Kind.BOOKING_CLOCK_FORWARD, Faults.Kind.PAYMENT_CLOCK_FORWARD, Faults.Kind.BOOKING_CLOCK_BACK,
        Faults.Kind.PAYMENT_CLOCK_BACK);
  }

  @Test
  void a_soak_run_lasts_its_minutes_at_its_steady_rate_with_a_fault_every_few_minutes() {
    RunOptions o = RunOptions.parse("soak", "--minutes", "10");

    assertThat(o.mode()).isEqualTo(RunOptions.Mode.SOAK);
    assertThat(o.bookings()).isEqualTo(1800);                       // 10 minutes at 3/s
    assertThat(RunOptions.parse("soak").bookings()).isEqualTo(5400); // 30 minutes by default
    assertThat(SoakRun.plan(Duration.ofMinutes(10))).containsExactly(Faults.Kind.NATS_RESTART, Faults.Kind.PAYMENT_PAUSE);
    assertThat(SoakRun.plan(Duration.ofMinutes(30))).hasSize(8);
    assertThat(SoakVerdict.warmUp(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(3));
    assertThat(SoakVerdict.warmUp(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void bad_command_lines_name_the_problem() {
    assertThatThrownBy(() -> RunOptions.parse()).hasMessageStartingWith("missing the run: faults or fuzz");
    assertThatThrownBy(() -> RunOptions.parse("soaks")).hasMessageStartingWith("unknown run 'soaks'");
    assertThatThrownBy(() -> RunOptions.parse("fuzz", "--minutes", "10")).hasMessageContaining("--minutes is an option of the soak run");
    assertThatThrownBy(() -> RunOptions.parse("soak", "--minutes", "0")).hasMessageContaining("--minutes must be between 1 and 1440");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--fast")).hasMessageStartingWith("unknown option '--fast'");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--bookings")).hasMessageStartingWith("--bookings needs a value");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--rate", "fast")).hasMessage("--rate needs a number, got 'fast'");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--pg-restart")).hasMessage("--pg-restart needs --postgres");
    assertThatThrownBy(() -> RunOptions.parse("fuzz", "--pauses")).hasMessageContaining("are options of a fault run");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--pauses", "--clock-jumps")).hasMessageContaining("separate runs");
    assertThatThrownBy(() -> RunOptions.parse("faults", "--env", "Prod")).hasMessageContaining("--env 'Prod' is not a valid APP_ENV");
  }
}
