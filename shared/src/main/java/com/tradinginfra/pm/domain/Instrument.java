package com.tradinginfra.pm.domain;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * What a lot holds. The instrument type decides the order symbol: an option is always traded by
 * its OCC contract symbol, never by its underlying.
 */
public sealed interface Instrument permits Instrument.Stock, Instrument.OptionContract {

    /** The symbol every broker order and price request for this instrument uses. */
    String orderSymbol();

    /** The underlying's symbol (the ticker). */
    String underlying();

    InstrumentType type();

    /** Units per contract: 1 for stock, 100 for an equity option. */
    BigDecimal multiplier();

    /** A share of stock. */
    record Stock(String symbol) implements Instrument {
        public Stock {
            Objects.requireNonNull(symbol, "symbol");
            symbol = symbol.trim().toUpperCase(Locale.ROOT);
            if (symbol.isEmpty() || symbol.length() > 12) {
                throw new IllegalArgumentException("stock symbol '" + symbol + "' must be 1-12 characters");
            }
            if (OccSymbol.looksLikeOcc(symbol)) {
                throw new IllegalArgumentException("'" + symbol + "' is an option contract, not a stock");
            }
        }

        @Override public String orderSymbol() { return symbol; }
        @Override public String underlying() { return symbol; }
        @Override public InstrumentType type() { return InstrumentType.STOCK; }
        @Override public BigDecimal multiplier() { return BigDecimal.ONE; }
    }

    /** An equity option contract. */
    record OptionContract(OccSymbol occ) implements Instrument {
        private static final BigDecimal CONTRACT_SIZE = BigDecimal.valueOf(100);

        public OptionContract {
            Objects.requireNonNull(occ, "occ");
        }

        @Override public String orderSymbol() { return occ.format(); }
        @Override public String underlying() { return occ.root(); }
        @Override public InstrumentType type() { return occ.type(); }
        @Override public BigDecimal multiplier() { return CONTRACT_SIZE; }
    }

    /**
     * The instrument of a stored lot or an execution: the type decides, not whichever field is filled.
     *
     * @throws IllegalArgumentException when an option has no or a malformed OCC symbol
     */
    static Instrument of(InstrumentType type, String ticker, String optionSymbol) {
        return switch (type) {
            case STOCK -> new Stock(ticker);
            case CALL, PUT -> {
                if (optionSymbol == null || optionSymbol.isBlank()) {
                    throw new IllegalArgumentException("option_symbol is required for a " + type);
                }
                yield new OptionContract(OccSymbol.parse(optionSymbol));
            }
        };
    }

    /** The instrument of a broker position symbol: an OCC symbol is an option, anything else a stock. */
    static Instrument fromBrokerSymbol(String symbol, boolean optionPosition) {
        if (optionPosition || OccSymbol.looksLikeOcc(symbol)) {
            return new OptionContract(OccSymbol.parse(symbol));
        }
        return new Stock(symbol);
    }
}
