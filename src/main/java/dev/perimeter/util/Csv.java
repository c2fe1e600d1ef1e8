package dev.perimeter.util;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV with a header row, read into rows that remember their line number. */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private Csv() {}

    public record Row(int line, Map<String, String> values) {
        /** Trimmed value, "" when absent. */
        public String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }
    }

    public static final class CsvException extends RuntimeException {
        public CsvException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static List<Row> read(byte[] content, String fileName, Collection<String> requiredColumns) {
        if (content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF) {
            content = java.util.Arrays.copyOfRange(content, 3, content.length);
        }
        List<Row> rows = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class).with(schema).readValues(content)) {
            CsvSchema actual = null;
            while (it.hasNextValue()) {
                Map<String, String> m = it.nextValue();
                int line = it.getParser().currentTokenLocation().getLineNr();
                if (actual == null) {
                    actual = (CsvSchema) it.getParserSchema();
                    checkHeader(actual, fileName, requiredColumns);
                }
                rows.add(new Row(line, new LinkedHashMap<>(m)));
            }
            if (actual == null && !requiredColumns.isEmpty()) {
                // Empty file or header only: still check the header if there is one.
                CsvSchema s = (CsvSchema) it.getParserSchema();
                if (s == null || s.size() == 0) throw new CsvException(fileName + ": line 1: the file has no header row", null);
                checkHeader(s, fileName, requiredColumns);
            }
        } catch (CsvException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new CsvException(fileName + ": not valid CSV: " + msg, e);
        }
        return rows;
    }

    /** One field as RFC 4180 writes it: quoted only when it holds a comma, a quote or a line break. */
    public static String quote(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void checkHeader(CsvSchema schema, String fileName, Collection<String> required) {
        List<String> missing = new ArrayList<>();
        for (String c : required) if (schema.column(c) == null) missing.add(c);
        if (!missing.isEmpty()) {
            throw new CsvException(fileName + ": line 1: header lacks column(s) " + String.join(", ", missing), null);
        }
    }
}
