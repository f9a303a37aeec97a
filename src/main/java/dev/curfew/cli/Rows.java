package dev.curfew.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Rows of named values printed as an aligned table, JSON lines (one object per row, numbers as
 * numbers) or RFC 4180 CSV with a header.
 */
final class Rows {
    private final List<String> columns;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    Rows(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    Rows add(Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), values[i]);
        }
        rows.add(row);
        return this;
    }

    void forEachRow(java.util.function.Consumer<Map<String, Object>> action) {
        rows.forEach(action);
    }

    int size() {
        return rows.size();
    }

    void print(Format format, PrintWriter out, List<String> tableHeaders) {
        switch (format) {
            case TABLE -> table(out, tableHeaders);
            case JSON -> json(out);
            case CSV -> csv(out);
        }
        out.flush();
    }

    private void table(PrintWriter out, List<String> headers) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (Map<String, Object> row : rows) {
                width[i] = Math.max(width[i], text(row.get(columns.get(i))).length());
            }
        }
        line(out, headers, width);
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(text(row.get(c)));
            }
            line(out, cells, width);
        }
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s  ", cells.get(i)));
        }
        out.println(b.toString().stripTrailing());
    }

    private void json(PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper();
        for (Map<String, Object> row : rows) {
            ObjectNode node = mapper.createObjectNode();
            row.forEach((k, v) -> {
                if (v == null) {
                    node.putNull(k);
                } else if (v instanceof Integer i) {
                    node.put(k, i);
                } else if (v instanceof Long l) {
                    node.put(k, l);
                } else if (v instanceof Boolean b) {
                    node.put(k, b);
                } else {
                    node.put(k, v.toString());
                }
            });
            out.println(node.toString());
        }
    }

    private void csv(PrintWriter out) {
        try {
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get());
            for (Map<String, Object> row : rows) {
                List<String> cells = new ArrayList<>();
                for (String c : columns) {
                    Object v = row.get(c);
                    cells.add(v == null ? "" : v.toString());
                }
                printer.printRecord(cells);
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }
}
