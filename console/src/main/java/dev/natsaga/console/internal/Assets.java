package dev.natsaga.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The stylesheet and script, served from this jar ({@code natsaga-console/} in the resources): no CDN, works offline. */
final class Assets {

  private static final Map<String, String> TYPES = Map.of("console.css", "text/css; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8");

  void routes(Router r) {
    r.get("/assets/(console\\.css|console\\.js)", Route.Access.PUBLIC, (x, m) -> x.bytes(TYPES.get(m.group(1)), load(m.group(1))));
  }

  private static byte[] load(String name) {
    try (InputStream in = Assets.class.getResourceAsStream("/natsaga-console/" + name)) {
      if (in == null) {
        throw HttpFailure.notFound("asset " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
