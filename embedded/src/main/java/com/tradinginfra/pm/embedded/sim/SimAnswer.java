package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer of the simulated API: status, JSON body (null for none) and headers. */
record SimAnswer(int status, JsonElement body, Map<String, String> headers) {
    SimAnswer(int status, JsonElement body) {
        this(status, body, new LinkedHashMap<>());
    }

    static SimAnswer ok(JsonElement body) {
        return new SimAnswer(200, body);
    }

    static SimAnswer of(SimApiError e) {
        return new SimAnswer(e.status, e.body);
    }

    /** A 5xx, 429 or other failure the fault switches inject. */
    static SimAnswer failure(int status) {
        JsonObject body = new JsonObject();
        SimAnswer a = new SimAnswer(status, body);
        if (status == 429) {
            body.addProperty("code", 42910000);
            body.addProperty("message", "rate limit exceeded");
            a.headers().put("Retry-After", "1");
        } else if (status >= 500) {
            body.addProperty("code", 50010000);
            body.addProperty("message", "internal server error occurred");
        } else {
            body.addProperty("code", status * 100000);
            body.addProperty("message", "simulated failure " + status);
        }
        return a;
    }
}
