package com.tradinginfra.pm.embedded.sim;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A simulated account: its credentials, positions, orders (legs included) and activities. */
final class SimAccount {
    final String name;
    final String id;
    private String keyId;
    private String secret;
    private int keyGeneration;
    private boolean revoked;
    /** Market-data subscriptions: without OPRA, option data without {@code feed} is the delayed indicative feed. */
    private boolean opra = true;
    private boolean sip = true;
    private final Map<String, SimPosition> positions = new LinkedHashMap<>();
    /** Every order, legs included, in creation order. */
    private final List<SimOrder> orders = new ArrayList<>();
    private final Map<String, SimOrder> byId = new HashMap<>();
    private final Map<String, SimOrder> byClientId = new HashMap<>();
    private final List<SimFill> fills = new ArrayList<>();
    /** OPEXP, OPEXC and OPASN activities, oldest first. */
    private final List<JsonObject> nonTradeActivities = new ArrayList<>();

    SimAccount(String name) {
        this.name = name;
        this.keyId = "KEY-" + name;
        this.secret = "SECRET-" + name;
        this.id = UUID.nameUUIDFromBytes(("account:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    String keyId() {
        return keyId;
    }

    String secret() {
        return secret;
    }

    boolean authenticates(String key, String secretKey) {
        return !revoked && keyId.equals(key) && secret.equals(secretKey);
    }

    /** New credentials; the old ones stop working. */
    void rotateKeys() {
        keyGeneration++;
        keyId = "KEY-" + name + "-" + keyGeneration;
        secret = "SECRET-" + name + "-" + keyGeneration;
    }

    /** While revoked, the current credentials are refused as bad keys. */
    void revoked(boolean on) {
        revoked = on;
    }

    boolean opra() {
        return opra;
    }

    boolean sip() {
        return sip;
    }

    void subscriptions(boolean opra, boolean sip) {
        this.opra = opra;
        this.sip = sip;
    }

    // ------------------------------------------------------------------ positions

    Optional<SimPosition> position(String symbol) {
        return Optional.ofNullable(positions.get(symbol));
    }

    SimPosition positionOrNew(String symbol) {
        return positions.computeIfAbsent(symbol, SimPosition::new);
    }

    /** Forgets a position that has gone flat. */
    void dropIfFlat(SimPosition p) {
        if (p.qty().signum() == 0) {
            positions.remove(p.symbol);
        }
    }

    void removePosition(String symbol) {
        positions.remove(symbol);
    }

    List<SimPosition> positions() {
        return List.copyOf(positions.values());
    }

    // ------------------------------------------------------------------ orders

    void add(SimOrder o) {
        orders.add(o);
        byId.put(o.id, o);
        byClientId.put(o.clientOrderId, o);
    }

    List<SimOrder> orders() {
        return Collections.unmodifiableList(orders);
    }

    Optional<SimOrder> order(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<SimOrder> orderByClientId(String clientOrderId) {
        return Optional.ofNullable(byClientId.get(clientOrderId));
    }

    boolean usedClientId(String clientOrderId) {
        return byClientId.containsKey(clientOrderId);
    }

    // ------------------------------------------------------------------ activities

    void add(SimFill f) {
        fills.add(f);
    }

    List<SimFill> fills() {
        return Collections.unmodifiableList(fills);
    }

    void addNonTradeActivity(JsonObject activity) {
        nonTradeActivities.add(activity);
    }

    List<JsonObject> nonTradeActivities() {
        return nonTradeActivities.stream().map(JsonObject::deepCopy).toList();
    }
}
