package dev.netune.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.netune.fact.nic.Outcome;
import java.io.IOException;

/** The one configured Jackson mapper (records, Optionals, stable key order). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new SimpleModule().addSerializer(Outcome.class, new OutcomeSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {
    }

    /** A fact that was read is shown as its value; one that was not, as {"error": reason}. */
    @SuppressWarnings("rawtypes")
    private static final class OutcomeSerializer extends JsonSerializer<Outcome> {
        @Override
        public void serialize(Outcome o, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (o.value().isPresent()) {
                provider.defaultSerializeValue(o.value().get(), gen);
            } else {
                gen.writeStartObject();
                gen.writeStringField("error", String.valueOf(o.error().orElse("")));
                gen.writeEndObject();
            }
        }
    }
}
