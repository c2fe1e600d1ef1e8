package dev.perimeter.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Call data as ASCII hex ("0x…"), written into a JSON-RPC request as a string without a copy or an escape check: an
 * aggregate3 of thousands of calls is megabytes of hex. Only {@link Abi} makes these, from hex digits it checked.
 */
@JsonSerialize(using = HexData.Writer.class)
final class HexData {
    private final byte[] ascii;

    HexData(byte[] ascii) {
        this.ascii = ascii;
    }

    int length() {
        return ascii.length;
    }

    @Override
    public String toString() {
        return new String(ascii, StandardCharsets.US_ASCII);
    }

    static final class Writer extends JsonSerializer<HexData> {
        @Override
        public void serialize(HexData v, JsonGenerator gen, SerializerProvider sp) throws IOException {
            // Hex digits need no escaping: the UTF-8 generator (writeValueAsBytes) takes them as they are.
            if (gen instanceof UTF8JsonGenerator) gen.writeRawUTF8String(v.ascii, 0, v.ascii.length);
            else gen.writeString(v.toString());
        }
    }
}
