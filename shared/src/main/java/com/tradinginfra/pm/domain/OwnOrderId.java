package com.tradinginfra.pm.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of our deterministic client order ids read back: the account and lot it was placed for, and
 * what it was — a close attempt ({@link CloseOrderId#of}), a scale-out ({@link CloseOrderId#partial})
 * or a re-armed protective pair ({@link ProtectionOrderId#of}). Sync uses it to give a lot the fills
 * of its own orders whose answers were lost (the broker knows the order, the lot does not yet),
 * instead of sharing them out as someone else's.
 *
 * @param account the account the id was made for
 * @param lotId   the lot
 * @param kind    what the order was for
 * @param number  its attempt or arm, from 1
 */
public record OwnOrderId(String account, long lotId, Kind kind, int number) {
    // Greedy account: an account name may itself hold dashes and digits ("my-account-2").
    private static final Pattern FORMAT = Pattern.compile("pm-(.+)-(\\d+)-([sr]?)(\\d+)");

    /** What one of our orders was placed for. */
    public enum Kind {
        /** A full close attempt: {@code pm-<account>-<lot>-<attempt>}. */
        CLOSE,
        /** A scale-out (partial exit): {@code pm-<account>-<lot>-s<attempt>}. */
        SCALE_OUT,
        /** A re-armed one-cancels-other pair: {@code pm-<account>-<lot>-r<arm>}. */
        PROTECTION
    }

    /** The id read back, or empty when {@code clientOrderId} is not one of ours (someone else's, or absent). */
    public static Optional<OwnOrderId> parse(String clientOrderId) {
        if (clientOrderId == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(clientOrderId);
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = switch (m.group(3)) {
            case "s" -> Kind.SCALE_OUT;
            case "r" -> Kind.PROTECTION;
            default -> Kind.CLOSE;
        };
        try {
            return Optional.of(new OwnOrderId(m.group(1), Long.parseLong(m.group(2)), kind, Integer.parseInt(m.group(4))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty(); // digits beyond a lot id or an attempt: not an id we made
        }
    }
}
