package dev.natsaga.schema;

import dev.natsaga.framework.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The service's own schemas: {@code schemas/{type}.json} on the classpath (directories and jars), read once.
 *
 * <pre>{@code
 * ClasspathSchemas schemas = ClasspathSchemas.load();          // every schemas/*.json
 * schemas.find(EventType.parse("booking.appointment.confirmed.v1"));
 * }</pre>
 */
public final class ClasspathSchemas implements SchemaSource {

  /** The classpath folder schemas are read from. */
  public static final String FOLDER = "schemas";

  private final Map<EventType, SchemaDocument> documents;

  private ClasspathSchemas(Map<EventType, SchemaDocument> documents) {
    this.documents = Collections.unmodifiableMap(documents);
  }

  /** Every {@code schemas/*.json} visible to this class's loader. */
  public static ClasspathSchemas load() {
    return load(ClasspathSchemas.class.getClassLoader());
  }

  /** Every {@code schemas/*.json} visible to {@code loader}; a file whose name is no valid type fails naming it. */
  public static ClasspathSchemas load(ClassLoader loader) {
    Map<EventType, SchemaDocument> docs = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
    try {
      Enumeration<URL> roots = loader.getResources(FOLDER);
      while (roots.hasMoreElements()) {
        for (String file : list(roots.nextElement())) {
          String type = file.substring(0, file.length() - ".json".length());
          docs.putIfAbsent(EventType.parse(type), SchemaDocument.of(type, read(loader, FOLDER + "/" + file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list classpath folder '" + FOLDER + "'", e);
    }
    return new ClasspathSchemas(docs);
  }

  @Override
  public Optional<SchemaDocument> find(EventType type) {
    return Optional.ofNullable(documents.get(type));
  }

  /** Every schema found, by type name. */
  public List<SchemaDocument> all() {
    return List.copyOf(documents.values());
  }

  private static List<String> list(URL root) throws IOException {
    List<String> files = new ArrayList<>();
    if ("file".equals(root.getProtocol())) {
      try (Stream<Path> s = Files.list(Path.of(root.toURI()))) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(files::add);
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    } else if ("jar".equals(root.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          if (name.startsWith(FOLDER + "/") && name.endsWith(".json") && name.indexOf('/', FOLDER.length() + 1) < 0) {
            files.add(name.substring(FOLDER.length() + 1));
          }
        }
      }
    }
    return files;
  }

  private static String read(ClassLoader loader, String resource) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource " + resource + " vanished");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
