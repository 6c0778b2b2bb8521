package com.tradinginfra.pm.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstrumentTest {

    @Test
    void aCallIsOrderedByItsOccSymbolNeverTheTicker() {
        Instrument call = Instrument.of(InstrumentType.CALL, "GOOGL", "GOOGL260220C00340000");
        assertThat(call).isInstanceOf(Instrument.OptionContract.class);
        assertThat(call.orderSymbol()).isEqualTo("GOOGL260220C00340000").isNotEqualTo("GOOGL");
        assertThat(call.underlying()).isEqualTo("GOOGL");
        assertThat(call.type()).isEqualTo(InstrumentType.CALL);
    }

    @Test
    void aPutIsOrderedByItsCanonicalOccSymbolEvenWhenPadded() {
        Instrument put = Instrument.of(InstrumentType.PUT, "SPY", "SPY   251219P00450500");
        assertThat(put.orderSymbol()).isEqualTo("SPY251219P00450500");
        assertThat(put.type()).isEqualTo(InstrumentType.PUT);
    }

    @Test
    void aStockIsOrderedByItsTicker() {
        Instrument stock = Instrument.of(InstrumentType.STOCK, "aapl", null);
        assertThat(stock.orderSymbol()).isEqualTo("AAPL");
        assertThat(stock.underlying()).isEqualTo("AAPL");
        assertThat(stock.type()).isEqualTo(InstrumentType.STOCK);
    }

    @Test
    void theTypeDecidesNotWhicheverFieldIsFilled() {
        // a stock execution with a stray option_symbol is still the stock
        Instrument stock = Instrument.of(InstrumentType.STOCK, "GOOGL", "GOOGL260220C00340000");
        assertThat(stock.orderSymbol()).isEqualTo("GOOGL");
        assertThat(stock.multiplier()).isEqualByComparingTo("1");
    }

    @Test
    void anOptionWithoutOptionSymbolIsRejected() {
        for (InstrumentType t : new InstrumentType[]{InstrumentType.CALL, InstrumentType.PUT}) {
            assertThatThrownBy(() -> Instrument.of(t, "GOOGL", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option_symbol");
            assertThatThrownBy(() -> Instrument.of(t, "GOOGL", "  "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option_symbol");
        }
    }

    @Test
    void anOptionWithAMalformedOccSymbolIsRejected() {
        assertThatThrownBy(() -> Instrument.of(InstrumentType.CALL, "GOOGL", "GOOGL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOOGL");
    }

    @Test
    void multiplierIs100ForOptionsAnd1ForStock() {
        assertThat(Instrument.of(InstrumentType.CALL, "GOOGL", "GOOGL260220C00340000").multiplier()).isEqualByComparingTo("100");
        assertThat(Instrument.of(InstrumentType.PUT, "SPY", "SPY251219P00450500").multiplier()).isEqualByComparingTo("100");
        assertThat(Instrument.of(InstrumentType.STOCK, "AAPL", null).multiplier()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void aStockSymbolThatIsAnOccSymbolIsRejected() {
        assertThatThrownBy(() -> new Instrument.Stock("GOOGL260220C00340000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Instrument.of(InstrumentType.STOCK, "SPY251219P00450500", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankStockSymbolIsRejected() {
        assertThatThrownBy(() -> new Instrument.Stock(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerSymbolsAreTold() {
        assertThat(Instrument.fromBrokerSymbol("GOOGL260220C00340000", false)).isInstanceOf(Instrument.OptionContract.class);
        assertThat(Instrument.fromBrokerSymbol("GOOGL260220C00340000", true).orderSymbol()).isEqualTo("GOOGL260220C00340000");
        assertThat(Instrument.fromBrokerSymbol("AAPL", false)).isEqualTo(new Instrument.Stock("AAPL"));
        assertThatThrownBy(() -> Instrument.fromBrokerSymbol("AAPL", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instrumentTypeParseNamesTheBadValue() {
        assertThat(InstrumentType.parse(" call ")).isEqualTo(InstrumentType.CALL);
        assertThatThrownBy(() -> InstrumentType.parse("FUTURE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instrument_type").hasMessageContaining("FUTURE");
        assertThatThrownBy(() -> InstrumentType.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instrument_type");
    }
}
