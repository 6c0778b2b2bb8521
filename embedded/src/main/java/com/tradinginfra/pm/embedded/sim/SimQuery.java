package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A request's query parameters and body, read with Alpaca's answers for bad values. */
record SimQuery(Map<String, String> params, String body) {

    String get(String name) {
        return params.get(name);
    }

    String get(String name, String dflt) {
        return params.getOrDefault(name, dflt);
    }

    boolean has(String name) {
        return params.containsKey(name);
    }

    JsonObject jsonBody() {
        try {
            JsonElement e = JsonParser.parseString(body == null ? "" : body);
            if (!e.isJsonObject()) {
                throw SimApiError.badRequest("request body must be a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw SimApiError.badRequest("request body format is invalid");
        }
    }

    BigDecimal decimal(String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(name + " '" + v + "' is not a number");
        }
    }

    Instant instant(String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v.trim()).atStartOfDay(NyseCalendar.NEW_YORK).toInstant();
            } catch (DateTimeParseException e2) {
                throw SimApiError.invalid(name + " '" + v + "' is not an RFC 3339 timestamp");
            }
        }
    }

    int integer(String name, int dflt) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(name + " '" + v + "' is not an integer");
        }
    }

    /** {@code asc} or {@code desc} (the default). */
    String direction() {
        String direction = get("direction", "desc").toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw SimApiError.invalid("direction must be asc or desc");
        }
        return direction;
    }

    Set<String> symbols() {
        String v = params.get("symbols");
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(v.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The {@code symbols} parameter, which the market-data endpoints require. */
    Set<String> requiredSymbols() {
        Set<String> symbols = symbols();
        if (symbols.isEmpty()) {
            throw SimApiError.badRequest("symbols is required");
        }
        return symbols;
    }
}
