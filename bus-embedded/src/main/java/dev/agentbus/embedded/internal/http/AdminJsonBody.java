package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the JSON object of an admin request that takes a few named fields, refusing what is not one
 * with a sentence that names the problem and shows an object that would do.
 */
final class AdminJsonBody {

  private AdminJsonBody() {}

  /**
   * @param bytes the body
   * @param what what the body is, e.g. {@code a restart}
   * @param fields the fields it may have
   * @param example an object that would do, as JSON text
   * @return the object
   * @throws IllegalArgumentException naming the problem: not JSON, not an object, an unknown field
   */
  static JsonNode object(byte[] bytes, String what, Set<String> fields, String example) {
    JsonNode json;
    try {
      json = ProtocolJson.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what
              + " must be valid JSON ("
              + BoundedText.cut(e.getOriginalMessage())
              + "); send an object such as "
              + example);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          what + " must be valid JSON; send an object such as " + example);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          what + " must be a JSON object; send an object such as " + example);
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field \""
                + BoundedText.cut(name)
                + "\" in "
                + what
                + "; it takes "
                + String.join(", ", fields.stream().sorted().toList())
                + ", e.g. "
                + example);
      }
    }
    return json;
  }

  /**
   * @return the field's text, or {@code null} when it is absent or JSON null
   * @throws IllegalArgumentException if it is present and not a string
   */
  static String text(JsonNode json, String field, String example) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "field \""
              + field
              + "\" must be a string, got "
              + BoundedText.cut(value.toString())
              + "; send e.g. "
              + example);
    }
    return value.asText();
  }
}
