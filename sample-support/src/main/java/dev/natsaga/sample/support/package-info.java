/**
 * What both samples share: {@link dev.natsaga.sample.support.JsonHttpServer}, a small JSON HTTP server on
 * the JDK's {@code HttpServer} where every error is a JSON body with a message, and
 * {@link dev.natsaga.sample.support.JsonBody} for request validation that names the bad field.
 */
package dev.natsaga.sample.support;
