/**
 * What both samples share: {@link dev.natsaga.sample.support.JsonHttpServer}, a small JSON HTTP server on
 * the JDK's {@code HttpServer} where every error is a JSON body with a message, and
 * {@link dev.natsaga.sample.support.JsonBody} for request validation that names the bad field,
 * {@link dev.natsaga.sample.support.Health} for {@code GET /health}, and
 * {@link dev.natsaga.sample.support.ServiceEnvironment} for the settings. A service's {@code main} and injector are in
 * {@link dev.natsaga.sample.support.guice}.
 */
package dev.natsaga.sample.support;
