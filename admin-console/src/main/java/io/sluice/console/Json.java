package io.sluice.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * The console's JSON: one Jackson mapper; request bodies that are not valid JSON of the expected
 * shape are a 400 naming the problem.
 *
 * <p>Thread-safe.
 */
final class Json {
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Json() {}

    static <T> T body(Context ctx, Class<T> type) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw new ConsoleException(400, "a JSON body is required");
        }
        try {
            return MAPPER.readValue(text, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConsoleException(400, "invalid JSON body: " + e.getOriginalMessage());
        }
    }
}
