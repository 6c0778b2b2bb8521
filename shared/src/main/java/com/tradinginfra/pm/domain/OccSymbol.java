package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OCC option contract symbol: root (1–6 characters) + {@code YYMMDD} + {@code C}/{@code P} +
 * strike × 1000 as 8 digits, e.g. {@code GOOGL260220C00340000}. Parsed from the right, because the
 * last 15 characters have fixed width and the root does not.
 *
 * @param root   the underlying's root symbol
 * @param expiry the expiration date
 * @param type   {@link InstrumentType#CALL} or {@link InstrumentType#PUT}
 * @param strike the strike price
 */
public record OccSymbol(String root, LocalDate expiry, InstrumentType type, BigDecimal strike) {
    private static final Pattern ROOT = Pattern.compile("[A-Z][A-Z0-9.]{0,5}");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MAX_STRIKE = new BigDecimal("99999.999");
    /** Options expire at the close of the expiry date (docs/ALPACA.md, "Options"). */
    public static final LocalTime EXPIRY_TIME = LocalTime.of(16, 0);

    public OccSymbol {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(strike, "strike");
        if (!ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("OCC root '" + root + "' must be 1-6 upper-case letters or digits");
        }
        if (!type.isOption()) {
            throw new IllegalArgumentException("an OCC symbol is a CALL or a PUT, not " + type);
        }
        if (strike.signum() <= 0 || strike.compareTo(MAX_STRIKE) > 0 || strike.multiply(THOUSAND).stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("OCC strike " + strike.toPlainString() + " must be positive, below 100000, with at most 3 decimals");
        }
        if (expiry.getYear() < 2000 || expiry.getYear() > 2099) {
            throw new IllegalArgumentException("OCC expiry " + expiry + " is outside 2000-2099");
        }
    }

    /**
     * Parses an OCC symbol. Spaces (the padded OCC form) are ignored.
     *
     * @throws IllegalArgumentException naming the symbol and what is wrong with it
     */
    public static OccSymbol parse(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("OCC symbol is missing");
        }
        String s = symbol.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (s.length() < 16 || s.length() > 21) {
            throw malformed(symbol, "expected a 1-6 character root followed by YYMMDD, C or P and an 8-digit strike");
        }
        int n = s.length();
        String root = s.substring(0, n - 15);
        String date = s.substring(n - 15, n - 9);
        char right = s.charAt(n - 9);
        String strike = s.substring(n - 8);
        if (!date.chars().allMatch(Character::isDigit)) {
            throw malformed(symbol, "'" + date + "' is not a YYMMDD date");
        }
        if (!strike.chars().allMatch(Character::isDigit)) {
            throw malformed(symbol, "'" + strike + "' is not an 8-digit strike");
        }
        InstrumentType type = switch (right) {
            case 'C' -> InstrumentType.CALL;
            case 'P' -> InstrumentType.PUT;
            default -> throw malformed(symbol, "'" + right + "' is neither C nor P");
        };
        LocalDate expiry;
        try {
            expiry = LocalDate.of(2000 + Integer.parseInt(date.substring(0, 2)),
                    Integer.parseInt(date.substring(2, 4)), Integer.parseInt(date.substring(4, 6)));
        } catch (DateTimeException e) {
            throw malformed(symbol, "'" + date + "' is not a valid date");
        }
        try {
            return new OccSymbol(root, expiry, type, new BigDecimal(strike).movePointLeft(3));
        } catch (IllegalArgumentException e) {
            throw malformed(symbol, e.getMessage());
        }
    }

    /** True when the text looks like an OCC symbol (for telling broker option positions from stocks). */
    public static boolean looksLikeOcc(String symbol) {
        // Every stock lot read asks this of its ticker: answer the short ones without an exception.
        if (symbol == null || (symbol.length() < 16 && symbol.indexOf(' ') < 0)) {
            return false;
        }
        try {
            parse(symbol);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException malformed(String symbol, String why) {
        return new IllegalArgumentException("malformed OCC symbol '" + symbol + "': " + why);
    }

    /** The canonical, unpadded form Alpaca uses. */
    public String format() {
        // Every lot's price and order go by this symbol, so a sweep builds it thousands of times:
        // fixed-width digits into one char array rather than String.format (which parses its pattern each call).
        int n = root.length();
        char[] out = new char[n + 15];
        root.getChars(0, n, out, 0);
        digits(out, n, 2, expiry.getYear() % 100);
        digits(out, n + 2, 2, expiry.getMonthValue());
        digits(out, n + 4, 2, expiry.getDayOfMonth());
        out[n + 6] = type == InstrumentType.CALL ? 'C' : 'P';
        // the constructor holds the strike to (0, 99999.999] with at most 3 decimals: 8 digits suffice
        digits(out, n + 7, 8, strike.movePointRight(3).longValueExact());
        return new String(out);
    }

    /** {@code value} as {@code width} zero-padded decimal digits at {@code at}. */
    private static void digits(char[] out, int at, int width, long value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The moment the contract expires: 16:00 New York time on the expiry date. */
    public Instant expiresAt() {
        return expiry.atTime(EXPIRY_TIME).atZone(MarketSession.NEW_YORK).toInstant();
    }

    @Override
    public String toString() {
        return format();
    }
}
