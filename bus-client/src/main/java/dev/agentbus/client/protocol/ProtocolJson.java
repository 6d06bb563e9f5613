package dev.agentbus.client.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON codec of the protocol, shared by the bus and the clients.
 *
 * <p>Decimals are read and written exactly (no {@code double} on the way, no exponent notation),
 * unknown fields are ignored as the protocol demands, and trailing content after a document is an
 * error. Thread-safe: it holds only immutable Jackson readers and writers.
 */
public final class ProtocolJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // {"to":"a","to":"b"} means nothing certain: refused rather than the last key winning
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          // a tree keeps 1764000000.123450 as sent: equal to the bus's own value, scale included
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final ObjectWriter WRITER = MAPPER.writer();
  private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);

  private ProtocolJson() {}

  /**
   * Serializes a protocol value.
   *
   * @param value a record of this package, or any value Jackson can write
   * @return UTF-8 JSON
   */
  public static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Serializes a protocol value to text.
   *
   * @param value a record of this package, or any value Jackson can write
   * @return the JSON text
   */
  public static String writeString(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Parses JSON into a protocol type.
   *
   * @param json the document
   * @param type the record to bind it to
   * @param <T> the record type
   * @return the value
   * @throws IOException when the text is not JSON or does not fit the type
   */
  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readerFor(type).readValue(json);
  }

  /**
   * Parses JSON into a tree, for callers that validate fields one by one to name what is wrong.
   *
   * @param json the document
   * @return its tree
   * @throws IOException when the text is not one well-formed JSON document
   */
  public static JsonNode readTree(String json) throws IOException {
    return TREE_READER.readValue(json);
  }

  /**
   * Like {@link #read(String, Class)}, for callers that hold no checked-exception context.
   *
   * @param json the document
   * @param type the record to bind it to
   * @param <T> the record type
   * @return the value
   * @throws UncheckedIOException when the text is not JSON or does not fit the type
   */
  public static <T> T readUnchecked(String json, Class<T> type) {
    try {
      return read(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
