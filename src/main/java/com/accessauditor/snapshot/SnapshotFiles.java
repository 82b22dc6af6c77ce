package com.accessauditor.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
    Optional<JsonNode> root = readTree(name);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    JsonNode items = root.get().isObject() && root.get().has("value") ? root.get().get("value") : root.get();
    if (!items.isArray()) {
      problems.add(name + ": expected a JSON array or an object with a \"value\" array");
      return Optional.empty();
    }
    List<T> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(row.apply(items.get(i)));
      } catch (IllegalArgumentException e) {
        problems.add(name + ": item " + (i + 1) + ": " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(out);
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
        problems.add(file + ": is one page of a paged answer (it has \"" + page.get() + "\"): the rest is missing,"
            + " so nothing in it is used. Export everything: az commands page for you (az role assignment list"
            + " --all, az ad sp list --all); with az rest or Graph, follow every next link and save the pages"
            + " as one array.");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (InputFile.Refused e) {
      problems.add(e.getMessage());
    } catch (JsonProcessingException e) {
      problems.add(file + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      problems.add(file + ": cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }
}
