/**
 * The operations console: a web dashboard over sagas, dead letters, streams and consumers, embeddable in a service
 * ({@link dev.natsaga.console.Console#builder()}) or run on its own ({@link dev.natsaga.console.ConsoleMain}).
 */
package dev.natsaga.console;
