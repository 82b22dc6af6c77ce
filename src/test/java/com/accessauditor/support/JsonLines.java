package com.accessauditor.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads `--output json` output: one JSON object per line, each with a "type". */
public final class JsonLines {
  private JsonLines() {}

  public static List<JsonNode> ofType(String output, String type) {
    List<JsonNode> found = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = new ObjectMapper().readTree(line);
        if (node.get("type").asText().equals(type)) {
          found.add(node);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return found;
  }
}
