package dev.natsaga.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its response over Jetty's core API: parameters, cookies, and the ways a page answers. */
final class Exchange {

  private final Request request;
  private final Response response;
  private final Callback callback;
  private Fields parameters;
  private Session session;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String path() {
    return Request.getPathInContext(request);
  }

  /** @return the query or form parameter, stripped, empty when absent or blank */
  Optional<String> param(String name) {
    String v = parameters().getValue(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  String paramOr(String name, String fallback) {
    return param(name).orElse(fallback);
  }

  private Fields parameters() {
    if (parameters == null) {
      try {
        parameters = Request.getParameters(request);
      } catch (Exception e) {
        throw HttpFailure.badRequest("the request's parameters could not be read: " + e.getMessage());
      }
    }
    return parameters;
  }

  Optional<String> header(HttpHeader name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  Optional<String> cookie(String name) {
    List<HttpCookie> cookies = Request.getCookies(request);
    return cookies.stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
  }

  void setCookie(String name, String value, long maxAgeSeconds) {
    Response.addCookie(response, HttpCookie.build(name, value).path("/").httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT).maxAge(maxAgeSeconds).build());
  }

  String body() {
    try {
      return Content.Source.asString(request, StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw HttpFailure.badRequest("the request body could not be read: " + e.getMessage());
    }
  }

  Session session() {
    return session;
  }

  void session(Session value) {
    this.session = value;
  }

  void html(int status, String page) {
    send(status, "text/html; charset=utf-8", page);
  }

  void json(int status, String body) {
    send(status, "application/json", body);
  }

  void send(int status, String contentType, String body) {
    securityHeaders();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    Content.Sink.write(response, true, body, callback);
  }

  void bytes(String contentType, byte[] body) {
    securityHeaders();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=300");
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
  }

  /** 303 See Other: after a form post, the browser loads {@code location} with a GET. */
  void redirect(String location) {
    securityHeaders();
    response.setStatus(303);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    response.write(true, null, callback);
  }

  /** No inline script or style runs, no other origin is loaded, no framing: a second wall behind escaping. */
  private void securityHeaders() {
    response.getHeaders().put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
        + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "same-origin");
    if (!response.getHeaders().contains(HttpHeader.CACHE_CONTROL)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }
  }
}
