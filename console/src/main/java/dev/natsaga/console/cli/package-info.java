/**
 * The {@code natsaga} command line (picocli): streams, consumers, dead letters and sagas of one environment, with the
 * services' settings, {@code --json} output and exit codes scripts can rely on ({@link dev.natsaga.console.cli.ExitCodes}).
 */
package dev.natsaga.console.cli;
