package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;

import java.util.Locale;

/** Maps method and path to the trading or market-data endpoint. Called under the lock. */
final class SimRouter {
    private final SimTradingApi trading;
    private final SimMarketData data;

    SimRouter(SimTradingApi trading, SimMarketData data) {
        this.trading = trading;
        this.data = data;
    }

    /** Market-data paths: not counted against the trading-API rate limit. */
    static boolean isDataPath(String path) {
        return path.startsWith("/v2/stocks") || path.startsWith("/v1beta1/");
    }

    SimAnswer route(SimAccount a, String method, String path, SimQuery q) {
        try {
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            switch (method + " " + path) {
                case "GET /v2/account":
                    return SimAnswer.ok(trading.account(a));
                case "GET /v2/clock":
                    return SimAnswer.ok(trading.clock());
                case "GET /v2/calendar":
                    return SimAnswer.ok(trading.calendar(q));
                case "GET /v2/positions":
                    return SimAnswer.ok(trading.positions(a));
                case "GET /v2/orders":
                    return SimAnswer.ok(trading.orders(a, q));
                case "POST /v2/orders":
                    return SimAnswer.ok(trading.submit(a, q));
                case "DELETE /v2/orders":
                    return new SimAnswer(207, trading.cancelAll(a));
                case "GET /v2/orders:by_client_order_id":
                    return SimAnswer.ok(trading.orderByClientId(a, q));
                case "GET /v2/account/activities/FILL":
                    return SimAnswer.ok(trading.fills(a, q));
                case "GET /v2/account/activities":
                    if (!"FILL".equalsIgnoreCase(q.get("activity_types", "FILL"))) {
                        throw SimApiError.invalid("the simulator serves FILL activities here; option events under"
                                + " /v2/account/activities/{OPEXP|OPEXC|OPASN}");
                    }
                    return SimAnswer.ok(trading.fills(a, q));
                case "GET /v2/account/activities/OPEXP":
                case "GET /v2/account/activities/OPEXC":
                case "GET /v2/account/activities/OPASN":
                    return SimAnswer.ok(trading.optionActivities(a, path.substring(path.lastIndexOf('/') + 1)));
                case "GET /v2/stocks/snapshots":
                    return SimAnswer.ok(data.stockSnapshots(a, q));
                case "GET /v2/stocks/trades/latest":
                    return SimAnswer.ok(data.latestTrades(a, q));
                case "GET /v1beta1/options/snapshots":
                    return SimAnswer.ok(data.optionSnapshots(a, q));
                default:
                    break;
            }
            if (path.startsWith("/v2/orders/")) {
                String id = path.substring("/v2/orders/".length());
                if (method.equals("GET")) {
                    return SimAnswer.ok(trading.order(a, id, q));
                }
                if (method.equals("DELETE")) {
                    trading.cancel(a, id);
                    return new SimAnswer(204, null);
                }
            }
            if (path.startsWith("/v2/positions/")) {
                String symbol = path.substring("/v2/positions/".length()).toUpperCase(Locale.ROOT);
                if (method.equals("GET")) {
                    return SimAnswer.ok(trading.position(a, symbol));
                }
                if (method.equals("DELETE")) {
                    return SimAnswer.ok(trading.closePosition(a, symbol, q));
                }
            }
            // An unknown route has no Alpaca code: it must not read as "position does not exist".
            JsonObject notFound = new JsonObject();
            notFound.addProperty("message", "Not Found");
            return new SimAnswer(404, notFound);
        } catch (SimApiError e) {
            return SimAnswer.of(e);
        }
    }
}
