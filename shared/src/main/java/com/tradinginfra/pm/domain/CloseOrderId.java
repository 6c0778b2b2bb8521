package com.tradinginfra.pm.domain;

/**
 * Deterministic {@code client_order_id} of one close attempt: {@code pm-<account>-<lot>-<attempt>}.
 * SQS delivers at least once; before submitting, the close function looks this id up, so the
 * broker sees one order per attempt whatever happens to the response. Alpaca keeps ids unique
 * even after a cancel, so a new attempt gets a new number.
 *
 * <p>A scale-out (a partial exit) uses {@code pm-<account>-<lot>-s<attempt>}: its own id space, so
 * a partial attempt can never share an id with a full close attempt nor with a re-armed OCO
 * ({@link ProtectionOrderId}, {@code -r<arm>}), whatever their numbers: the close looks its id up
 * before submitting and would otherwise take the lot's OCO for its own order.
 */
public final class CloseOrderId {
    private CloseOrderId() {
    }

    public static String of(String account, long lotId, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("close attempts count from 1, was " + attempt);
        }
        return "pm-" + account + "-" + lotId + "-" + attempt;
    }

    /** The client order id of attempt {@code attempt} of a lot's partial exit (scale-out). */
    public static String partial(String account, long lotId, int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("close attempts count from 1, was " + attempt);
        }
        return "pm-" + account + "-" + lotId + "-s" + attempt;
    }

    /** True when {@code clientOrderId} is one of our partial-exit ids. */
    public static boolean isPartial(String clientOrderId) {
        return OwnOrderId.parse(clientOrderId).filter(id -> id.kind() == OwnOrderId.Kind.SCALE_OUT).isPresent();
    }

    /** The lot id of one of our close or scale-out client order ids, or -1 when the id is not one. */
    public static long lotIdOf(String clientOrderId) {
        return OwnOrderId.parse(clientOrderId).filter(id -> id.kind() != OwnOrderId.Kind.PROTECTION)
                .map(OwnOrderId::lotId).orElse(-1L);
    }
}
