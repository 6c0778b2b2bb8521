package com.tradinginfra.pm.broker;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.BrokerFill;
import com.tradinginfra.pm.domain.BrokerOrder;
import com.tradinginfra.pm.domain.BrokerPosition;
import com.tradinginfra.pm.domain.MarketPrice;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.OrderSide;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpaca's JSON entities read into the domain's records. Read from the raw JSON rather than the
 * library's models: those hold money as {@code Double} and read {@code order_class: ""} and the fill
 * side {@code sell_short} as null. Money and quantities come as strings ("12.34") or numbers and are
 * read exactly into {@link BigDecimal}; an unreadable field is an {@code unexpected broker response}.
 */
final class AlpacaJson {
    private AlpacaJson() {
    }

    static BrokerPosition position(JsonObject o) {
        BigDecimal qty = decimal(o, "qty");
        String symbol = string(o, "symbol");
        if (qty == null || symbol == null) {
            throw malformed("position without qty or symbol");
        }
        // Alpaca sends qty signed ("-10") for shorts; trust "side" too in case a server does not.
        if ("short".equalsIgnoreCase(string(o, "side")) && qty.signum() > 0) {
            qty = qty.negate();
        }
        BigDecimal available = decimal(o, "qty_available");
        if (available == null) {
            available = qty;
        } else if (qty.signum() < 0 && available.signum() > 0) {
            available = available.negate();
        }
        // Alpaca's own documented example pads the symbol ("AAPL "); no symbol contains blanks.
        return new BrokerPosition(symbol.trim(), "us_option".equalsIgnoreCase(string(o, "asset_class")),
                qty, available, decimal(o, "avg_entry_price"), decimal(o, "current_price"));
    }

    static BrokerOrder order(JsonObject o) {
        List<BrokerOrder> legs = new ArrayList<>();
        JsonElement rawLegs = o.get("legs");
        if (rawLegs != null && rawLegs.isJsonArray()) {
            for (JsonElement leg : rawLegs.getAsJsonArray()) {
                legs.add(order(leg.getAsJsonObject()));
            }
        }
        String id = string(o, "id");
        if (id == null) {
            throw malformed("order without id");
        }
        String orderClass = string(o, "order_class");
        String type = string(o, "type") != null ? string(o, "type") : string(o, "order_type");
        String side = string(o, "side");
        return new BrokerOrder(id, string(o, "client_order_id"), string(o, "symbol"),
                side == null ? null : OrderSide.fromWire(side), type,
                orderClass == null || orderClass.isEmpty() ? "simple" : orderClass,
                decimal(o, "qty"), decimal(o, "filled_qty"), decimal(o, "filled_avg_price"),
                AlpacaOrderStatus.meaningOf(string(o, "status")), instant(o, "filled_at"), legs);
    }

    /** When the order entered the market's order book: {@code submitted_at}, which can be hours after {@code created_at}. */
    static String submittedAt(JsonObject o) {
        return string(o, "submitted_at") != null ? string(o, "submitted_at") : string(o, "created_at");
    }

    /** True for a FILL activity (the FILL endpoint sends only those; the general one mixes in others). */
    static boolean isFill(JsonObject o) {
        String type = string(o, "activity_type");
        return type == null || "FILL".equals(type);
    }

    static BrokerFill fill(JsonObject o) {
        BigDecimal qty = decimal(o, "qty");
        BigDecimal price = decimal(o, "price");
        Instant time = instant(o, "transaction_time");
        if (qty == null || price == null || time == null || string(o, "side") == null
                || string(o, "order_id") == null || string(o, "symbol") == null) {
            throw malformed("FILL activity " + string(o, "id") + " lacks qty, price, side, symbol, order_id or transaction_time");
        }
        return new BrokerFill(string(o, "id"), string(o, "order_id"), string(o, "symbol"),
                OrderSide.fromWire(string(o, "side")), qty, price, time);
    }

    /** A snapshot's {@code latestTrade {p, t}} and {@code latestQuote {bp, ap, t}}; null when it has neither. */
    static MarketPrice marketPrice(JsonObject snapshot) {
        JsonObject trade = object(snapshot, "latestTrade");
        JsonObject quote = object(snapshot, "latestQuote");
        if (trade == null && quote == null) {
            return null;
        }
        return new MarketPrice(
                trade == null ? null : decimal(trade, "p"), trade == null ? null : instant(trade, "t"),
                quote == null ? null : decimal(quote, "bp"), quote == null ? null : decimal(quote, "ap"),
                quote == null ? null : instant(quote, "t"));
    }

    /** A calendar day {@code {date, open "09:30", close "16:00"}}, when it is {@code date}. */
    static MarketSession session(LocalDate date, JsonObject day) {
        try {
            return MarketSession.of(date, LocalTime.parse(string(day, "open")), LocalTime.parse(string(day, "close")));
        } catch (DateTimeParseException | NullPointerException ex) {
            throw malformed("calendar entry " + day + " has no readable open/close");
        }
    }

    static JsonArray array(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return new JsonArray();
        }
        if (!e.isJsonArray()) {
            throw malformed("expected a JSON array");
        }
        return e.getAsJsonArray();
    }

    static JsonObject object(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }

    static BigDecimal decimal(JsonObject o, String field) {
        String s = string(o, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException ex) {
            throw malformed(field + " '" + s + "' is not a number");
        }
    }

    /** RFC 3339 with any fraction (Alpaca's data API sends nanoseconds) and a Z or an offset. */
    static Instant instant(JsonObject o, String field) {
        String s = string(o, field);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(field + " '" + s + "' is not a timestamp");
        }
    }

    static BrokerException malformed(String what) {
        return new BrokerException(BrokerFailure.REJECTED, 200, null, "unexpected broker response: " + what);
    }
}
