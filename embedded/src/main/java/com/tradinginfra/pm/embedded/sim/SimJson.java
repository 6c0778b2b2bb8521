package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Alpaca's JSON shapes of the book's orders, positions and fills, and reading request fields. */
final class SimJson {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private SimJson() {
    }

    static String plain(BigDecimal d) {
        return d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String assetId(String symbol) {
        return UUID.nameUUIDFromBytes(("asset:" + symbol).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static JsonObject order(SimOrder o, boolean nested) {
        JsonObject j = new JsonObject();
        j.addProperty("id", o.id);
        j.addProperty("client_order_id", o.clientOrderId);
        j.addProperty("created_at", time(o.createdAt));
        j.addProperty("updated_at", time(o.updatedAt()));
        j.addProperty("submitted_at", time(o.submittedAt()));
        j.addProperty("filled_at", time(o.filledAt()));
        j.addProperty("expired_at", time(o.expiredAt()));
        j.addProperty("canceled_at", time(o.canceledAt()));
        j.add("failed_at", JsonNull.INSTANCE);
        j.add("replaced_at", JsonNull.INSTANCE);
        j.add("replaced_by", JsonNull.INSTANCE);
        j.add("replaces", JsonNull.INSTANCE);
        j.addProperty("asset_id", assetId(o.symbol));
        j.addProperty("symbol", o.symbol);
        j.addProperty("asset_class", o.option ? "us_option" : "us_equity");
        j.add("notional", JsonNull.INSTANCE);
        j.addProperty("qty", plain(o.qty()));
        j.addProperty("filled_qty", plain(o.filledQty()));
        j.addProperty("filled_avg_price", plain(o.filledAvg()));
        j.addProperty("order_class", o.orderClass);
        j.addProperty("order_type", o.type);
        j.addProperty("type", o.type);
        j.addProperty("side", o.side);
        j.addProperty("time_in_force", o.tif);
        j.addProperty("limit_price", plain(o.limitPrice));
        j.addProperty("stop_price", plain(o.stopPrice));
        j.addProperty("status", o.status());
        j.addProperty("extended_hours", false);
        if (nested && !o.legs().isEmpty()) {
            JsonArray legs = new JsonArray();
            for (SimOrder leg : o.legs()) {
                legs.add(order(leg, true));
            }
            j.add("legs", legs);
        } else {
            j.add("legs", JsonNull.INSTANCE);
        }
        j.add("trail_percent", JsonNull.INSTANCE);
        j.add("trail_price", JsonNull.INSTANCE);
        j.add("hwm", JsonNull.INSTANCE);
        return j;
    }

    /** A position valued at {@code current} against the previous close {@code lastday}. */
    static JsonObject position(SimPosition p, BigDecimal qtyAvailable, BigDecimal current, BigDecimal lastday) {
        BigDecimal multiplier = p.option ? HUNDRED : BigDecimal.ONE;
        BigDecimal marketValue = p.qty().multiply(current).multiply(multiplier);
        BigDecimal costBasis = p.qty().multiply(p.avg()).multiply(multiplier);
        BigDecimal pl = marketValue.subtract(costBasis);
        BigDecimal intraday = p.qty().multiply(current.subtract(lastday)).multiply(multiplier);
        JsonObject j = new JsonObject();
        j.addProperty("asset_id", assetId(p.symbol));
        j.addProperty("symbol", p.symbol);
        j.addProperty("exchange", p.option ? "" : "NASDAQ");
        j.addProperty("asset_class", p.option ? "us_option" : "us_equity");
        j.addProperty("asset_marginable", !p.option);
        j.addProperty("avg_entry_price", plain(p.avg()));
        j.addProperty("qty", plain(p.qty()));
        j.addProperty("qty_available", plain(qtyAvailable));
        j.addProperty("side", p.qty().signum() < 0 ? "short" : "long");
        j.addProperty("market_value", plain(marketValue));
        j.addProperty("cost_basis", plain(costBasis));
        j.addProperty("unrealized_pl", plain(pl));
        j.addProperty("unrealized_plpc", plain(ratio(pl, costBasis.abs())));
        j.addProperty("unrealized_intraday_pl", plain(intraday));
        j.addProperty("unrealized_intraday_plpc", plain(ratio(intraday, p.qty().multiply(lastday).multiply(multiplier).abs())));
        j.addProperty("current_price", plain(current));
        j.addProperty("lastday_price", plain(lastday));
        j.addProperty("change_today", plain(ratio(current.subtract(lastday), lastday)));
        return j;
    }

    private static BigDecimal ratio(BigDecimal num, BigDecimal den) {
        return den.signum() == 0 ? BigDecimal.ZERO : num.divide(den, 10, RoundingMode.HALF_EVEN);
    }

    static JsonObject fill(SimFill f) {
        JsonObject j = new JsonObject();
        j.addProperty("id", f.id());
        j.addProperty("activity_type", "FILL");
        j.addProperty("transaction_time", time(f.time()));
        j.addProperty("type", f.type());
        j.addProperty("price", plain(f.price()));
        j.addProperty("qty", plain(f.qty()));
        j.addProperty("side", f.side());
        j.addProperty("symbol", f.symbol());
        j.addProperty("leaves_qty", plain(f.leavesQty()));
        j.addProperty("order_id", f.orderId());
        j.addProperty("cum_qty", plain(f.cumQty()));
        j.addProperty("order_status", f.orderStatus());
        return j;
    }

    // ------------------------------------------------------------------ request fields

    static String str(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static Boolean bool(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsBoolean();
    }

    static BigDecimal dec(JsonObject o, String field) {
        String s = str(o, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw SimApiError.invalid(field + " '" + s + "' is not a number");
        }
    }

    static BigDecimal nestedDec(JsonObject o, String object, String field) {
        JsonElement e = o.get(object);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw SimApiError.invalid(object + " must be an object");
        }
        try {
            return dec(e.getAsJsonObject(), field);
        } catch (SimApiError err) {
            throw SimApiError.invalid(object + "." + err.getMessage());
        }
    }
}
