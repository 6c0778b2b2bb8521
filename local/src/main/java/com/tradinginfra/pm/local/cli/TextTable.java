package com.tradinginfra.pm.local.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An aligned text table: numbers right-aligned, text left-aligned. */
final class TextTable {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] right;

    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.right = new boolean[headers.size()];
    }

    TextTable rightAlign(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    TextTable add(List<String> row) {
        rows.add(row);
        return this;
    }

    int size() {
        return rows.size();
    }

    List<String> lines() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i) == null ? 0 : r.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(headers, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.add(rule.toString());
        for (List<String> r : rows) {
            out.add(line(r, width));
        }
        return out;
    }

    String render() {
        return String.join("\n", lines());
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String v = i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(width[i] - v.length());
            sb.append(right[i] ? pad + v : (i == width.length - 1 ? v : v + pad));
        }
        return sb.toString();
    }

    /** A whole result set as a table, every column as it is. */
    static TextTable of(List<Map<String, Object>> result, List<String> columns) {
        TextTable t = new TextTable(columns);
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            Object first = result.stream().map(r -> r.get(c)).filter(v -> v != null).findFirst().orElse(null);
            if (first instanceof Number) {
                t.rightAlign(i);
            }
        }
        for (Map<String, Object> r : result) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(r.get(c)));
            }
            t.add(cells);
        }
        return t;
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return plain(d);
        }
        if (v instanceof OffsetDateTime t) {
            return STAMP.format(t.atZoneSameInstant(NEW_YORK)) + " ET";
        }
        if (v instanceof java.sql.Timestamp ts) {
            return STAMP.format(ts.toInstant().atZone(NEW_YORK)) + " ET";
        }
        return v.toString();
    }

    /** A price or amount with at most 4 decimals, at least 2. */
    static String plain(BigDecimal d) {
        if (d == null) {
            return "";
        }
        BigDecimal s = d.setScale(Math.max(2, Math.min(4, d.stripTrailingZeros().scale())), RoundingMode.HALF_EVEN);
        return s.toPlainString();
    }

    static String qty(BigDecimal d) {
        return d == null ? "" : d.stripTrailingZeros().toPlainString();
    }

    static String money(BigDecimal d) {
        if (d == null) {
            return "";
        }
        String v = d.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return d.signum() > 0 ? "+" + v : v;
    }

    static String percent(BigDecimal d) {
        if (d == null) {
            return "";
        }
        String v = d.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return (d.signum() > 0 ? "+" + v : v) + "%";
    }
}
