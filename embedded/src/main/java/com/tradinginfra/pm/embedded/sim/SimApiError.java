package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;

/** An error answer of the simulated API: HTTP status and Alpaca's {@code {"code","message",...}} body. */
final class SimApiError extends RuntimeException {
    final int status;
    final JsonObject body;

    SimApiError(int status, int code, String message) {
        super(message);
        this.status = status;
        this.body = new JsonObject();
        body.addProperty("code", code);
        body.addProperty("message", message);
    }

    /** An answer with a message and no code, as the market-data API gives some. */
    static SimApiError messageOnly(int status, String message) {
        SimApiError e = new SimApiError(status, 0, message);
        e.body.remove("code");
        return e;
    }

    static SimApiError invalid(String message) {
        return new SimApiError(422, 40010000, message);
    }

    static SimApiError badRequest(String message) {
        return new SimApiError(400, 40010000, message);
    }
}
