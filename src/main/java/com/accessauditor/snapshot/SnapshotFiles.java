package com.accessauditor.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.accessauditor.model.InputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads snapshot files in either shape: the ARM/Graph REST `{"value": [...]}` or the az CLI's bare array.
 * A bad row names its file and position; one bad row makes the whole file unusable, because a partial
 * list would turn "missing from the file" into "deleted".
 */
final class SnapshotFiles {
  /** An export of a large tenant is big, but a snapshot held in memory cannot be bigger than this. */
  static final long MAX_FILE_BYTES = 1L << 30;
  private final Path folder;
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> problems = new ArrayList<>();

  SnapshotFiles(Path folder) {
    this.folder = folder;
    if (!Files.isDirectory(folder)) {
      problems.add("snapshot folder " + folder + " does not exist or is not a folder");
    }
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  void problem(String message) {
    problems.add(message);
  }

  boolean exists(String name) {
    return Files.exists(folder.resolve(name));
  }


  <T> Optional<List<T>> read(String name, Function<JsonNode, T> row) {
    List<T> out = new ArrayList<>();
    return stream(name, row, (item, raw) -> out.add(item)) ? Optional.of(out) : Optional.empty();
  }

  /**
   * Reads a list file one item at a time, never holding the whole file: a JSON array, or an object with a
   * "value" array (`az rest`, Graph, ARM). Each item is handed to {@code sink} with its JSON as read.
   *
   * @return whether the file was there and read whole; false when it is absent or refused (a problem says
   *     why). A refusal can come after items were handed over (a next link after the array, bad bytes
   *     further on): the caller must then drop what it was given.
   */
  <T> boolean stream(String name, Function<JsonNode, T> row, java.util.function.BiConsumer<T, JsonNode> sink) {
    Path file = folder.resolve(name);
    if (!Files.exists(file)) {
      return false;
    }
    try (java.io.Reader text = InputFile.reader(file, MAX_FILE_BYTES);
        JsonParser parser = json.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        return items(name, parser, row, sink);
      }
      if (first != JsonToken.START_OBJECT) {
        problems.add(name + ": expected a JSON array or an object with a \"value\" array");
        return false;
      }
      boolean listed = false;
      ObjectNode rest = json.createObjectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.getCurrentName();
        JsonToken value = parser.nextToken();
        if (field.equals("value") && value == JsonToken.START_ARRAY) {
          if (!items(name, parser, row, sink)) {
            return false;
          }
          listed = true;
        } else {
          rest.set(field, parser.readValueAsTree());
        }
      }
      Optional<String> page = pageMarker(rest);
      if (page.isPresent()) {
        problems.add(pagedAnswer(file, page.get()));
        return false;
      }
      if (!listed) {
        problems.add(name + ": expected a JSON array or an object with a \"value\" array");
      }
      return listed;
    } catch (IOException e) {
      unreadable(file, e);
    }
    return false;
  }

  private <T> boolean items(String name, JsonParser parser, Function<JsonNode, T> row,
      java.util.function.BiConsumer<T, JsonNode> sink) throws IOException {
    int i = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      i++;
      JsonNode item = parser.readValueAsTree();
      try {
        sink.accept(row.apply(item), item);
      } catch (IllegalArgumentException e) {
        problems.add(name + ": item " + i + ": " + e.getMessage());
        return false;
      }
    }
    return true;
  }

  /** Says why a file could not be used; one that vanished since it was seen is simply absent. */
  private void unreadable(Path file, IOException e) {
    if (e instanceof InputFile.Refused) {
      problems.add(e.getMessage());
    } else if (e instanceof JsonProcessingException j) {
      problems.add(file + ": not valid JSON: " + j.getOriginalMessage()
          + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ")"));
    } else if (!(e instanceof NoSuchFileException)) {
      problems.add(file + ": cannot be read: " + e.getMessage());
    }
  }

  private static String pagedAnswer(Path file, String marker) {
    return file + ": is one page of a paged answer (it has \"" + marker + "\"): the rest is missing,"
        + " so nothing in it is used. Export everything: az commands page for you (az role assignment list"
        + " --all, az ad sp list --all); with az rest or Graph, follow every next link and save the pages"
        + " as one array.";
  }

  Optional<JsonNode> readObject(String name) {
    Optional<JsonNode> root = readTree(name);
    if (root.isPresent() && !root.get().isObject()) {
      problems.add(name + ": expected a JSON object");
      return Optional.empty();
    }
    return root;
  }

  /** The field that says more pages follow: Graph's @odata.nextLink, ARM's nextLink, Resource Graph's $skipToken. */
  static Optional<String> pageMarker(JsonNode root) {
    if (!root.isObject()) {
      return Optional.empty();
    }
    for (String field : List.of("@odata.nextLink", "nextLink", "$skipToken", "skipToken", "odata.nextLink")) {
      JsonNode v = root.get(field);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank())) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  private Optional<JsonNode> readTree(String name) {
    Path file = folder.resolve(name);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = json.readTree(InputFile.read(file, MAX_FILE_BYTES));
      Optional<String> page = pageMarker(root);
      if (page.isPresent()) {
        problems.add(pagedAnswer(file, page.get()));
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (IOException e) {
      unreadable(file, e);
    }
    return Optional.empty();
  }
}
