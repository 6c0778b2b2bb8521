package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.CloseReason;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.MarketSession;
import com.tradinginfra.pm.domain.Money;
import com.tradinginfra.pm.domain.OccSymbol;
import com.tradinginfra.pm.domain.PositionSide;
import com.tradinginfra.pm.domain.Instrument;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One exit rule. Each is a small pure function of a lot and an {@link ExitContext}; an
 * {@link ExitPolicy} evaluates them in priority order and the first that fires wins.
 */
public sealed interface ExitRule permits ExitRule.StopLoss, ExitRule.TakeProfit, ExitRule.MissingBrackets,
        ExitRule.TrailingStop, ExitRule.DayTradeCutoff, ExitRule.OptionExpiry, ExitRule.MaxHoldTime,
        ExitRule.PartialProfit {

    /** The exit this rule demands, or empty when it does not fire. */
    Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx);

    private static Optional<ExitDecision.Exit> exit(CloseReason reason, String detail) {
        return Optional.of(new ExitDecision.Exit(reason, detail));
    }

    private static String p(BigDecimal price) {
        return price.stripTrailingZeros().toPlainString();
    }

    /** Price at or through the stop: below it for a long lot, above it for a short one. */
    record StopLoss() implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (!ctx.hasPrice() || lot.stopLoss() == null || !lot.isAtOrWorse(ctx.price(), lot.stopLoss())) {
                return Optional.empty();
            }
            return exit(CloseReason.STOP_LOSS, "price " + p(ctx.price()) + " crossed stop " + p(lot.stopLoss()));
        }
    }

    /** Price at or beyond the target. */
    record TakeProfit() implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (!ctx.hasPrice() || lot.takeProfit() == null || !lot.isAtOrBetter(ctx.price(), lot.takeProfit())) {
                return Optional.empty();
            }
            return exit(CloseReason.TAKE_PROFIT, "price " + p(ctx.price()) + " reached target " + p(lot.takeProfit()));
        }
    }

    /**
     * The lot was opened with bracket legs, and none of them is open at the broker any more. A leg
     * that filled closed the lot already (sync sees the fill); a leg that was cancelled or expired
     * leaves the lot unprotected. Under {@link MissingBracketsAction#CLOSE} a stock lot is closed
     * (option lots, which carry no legs at Alpaca, are left to the other rules); under
     * {@link MissingBracketsAction#REARM} a stock lot holds here, because sync re-arms it
     * ({@link com.tradinginfra.pm.domain.Protection}), and an option lot is closed: Alpaca takes no
     * OCO orders for options.
     */
    record MissingBrackets(MissingBracketsAction action) implements ExitRule {
        public MissingBrackets {
            Objects.requireNonNull(action, "action");
        }

        /** Today's behaviour: close. */
        public MissingBrackets() {
            this(MissingBracketsAction.CLOSE);
        }

        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            boolean closes = action == MissingBracketsAction.CLOSE ? !lot.isOption() : lot.isOption();
            // Legs this system cancelled itself (a scale-out) are not missing: our own rules protect the rest.
            if (!closes || ctx.openOrderIds() == null || !lot.expectsWorkingLegs() || lot.legs().anyOpenAmong(ctx.openOrderIds())) {
                return Optional.empty();
            }
            return exit(CloseReason.MISSING_BRACKETS, "protective legs " + lot.legs().ids() + " are no longer open at the broker"
                    + (lot.isOption() ? " (options cannot carry OCO orders: closed instead of re-armed)" : ""));
        }
    }

    /**
     * Trails the best price seen ({@code peak_price}) by a percent. It only acts once the lot has
     * moved in its favour: before that, the stop loss is the protection.
     */
    record TrailingStop(BigDecimal percent) implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (percent.signum() <= 0 || !ctx.hasPrice() || ctx.peak() == null
                    || !lot.isAtOrBetter(ctx.peak(), lot.entryPrice()) || ctx.peak().compareTo(lot.entryPrice()) == 0) {
                return Optional.empty();
            }
            BigDecimal trigger = lot.side() == PositionSide.LONG
                    ? Money.minusPercent(ctx.peak(), percent) : Money.plusPercent(ctx.peak(), percent);
            if (!lot.isAtOrWorse(ctx.price(), trigger)) {
                return Optional.empty();
            }
            return exit(CloseReason.TRAILING_STOP, "price " + p(ctx.price()) + " fell " + p(percent) + "% from peak "
                    + p(ctx.peak()) + " (trigger " + p(trigger) + ")");
        }
    }

    /**
     * Day trades close at the session's close minus a cutoff, from the broker's calendar (so an
     * early close at 13:00 cuts at 12:55). A day trade still open on a later day closes at once.
     */
    record DayTradeCutoff(Duration cutoff) implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (!lot.isDayTrade() || ctx.session().isEmpty()) {
                return Optional.empty();
            }
            MarketSession session = ctx.session().get();
            Instant cut = session.close().minus(cutoff);
            if (MarketSession.tradingDate(lot.entryTime()).isBefore(session.date())) {
                return exit(CloseReason.DAY_TRADE_CUTOFF, "day trade entered " + MarketSession.tradingDate(lot.entryTime())
                        + " is still open on " + session.date());
            }
            if (ctx.asOf().isBefore(cut)) {
                return Optional.empty();
            }
            return exit(CloseReason.DAY_TRADE_CUTOFF, "day trade past " + cut.atZone(MarketSession.NEW_YORK).toLocalTime()
                    + " ET (close " + session.close().atZone(MarketSession.NEW_YORK).toLocalTime() + " ET minus " + cutoff.toMinutes() + " min)");
        }
    }

    /** Options close within a cutoff of expiry (16:00 ET on the expiry date). */
    record OptionExpiry(Duration cutoff) implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (!(lot.instrument() instanceof Instrument.OptionContract option)) {
                return Optional.empty();
            }
            OccSymbol occ = option.occ();
            Instant expiresAt = occ.expiresAt();
            // On an early-close expiry day (e.g. 13:00 the day after Thanksgiving) trading stops at that close.
            if (ctx.session().isPresent() && ctx.session().get().date().equals(occ.expiry())
                    && ctx.session().get().close().isBefore(expiresAt)) {
                expiresAt = ctx.session().get().close();
            }
            if (ctx.asOf().isBefore(expiresAt.minus(cutoff))) {
                return Optional.empty();
            }
            long minutesLeft = Math.max(0, Duration.between(ctx.asOf(), expiresAt).toMinutes());
            return exit(CloseReason.OPTION_EXPIRY, "option expires " + occ.expiry() + " "
                    + expiresAt.atZone(MarketSession.NEW_YORK).toLocalTime() + " ET, "
                    + minutesLeft + " min left (cutoff " + cutoff.toHours() + " h)");
        }
    }

    /** Held longer than its maximum (the execution's, or the configured default). */
    record MaxHoldTime(Duration defaultMaxHold) implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            Duration max = lot.maxHoldMinutes() != null ? Duration.ofMinutes(lot.maxHoldMinutes()) : defaultMaxHold;
            Duration held = Duration.between(lot.entryTime(), ctx.asOf());
            if (held.compareTo(max) < 0) {
                return Optional.empty();
            }
            return exit(CloseReason.MAX_HOLD_TIME, "held " + held.toMinutes() + " min, maximum " + max.toMinutes() + " min");
        }
    }

    /**
     * Scale-out: the first time the lot's gain reaches the trigger percent, close part of it (see
     * {@link ScaleOut}); once per lot, so it never fires on a lot that already scaled out.
     */
    record PartialProfit(ScaleOut scaleOut) implements ExitRule {
        @Override
        public Optional<ExitDecision.Exit> evaluate(Lot lot, ExitContext ctx) {
            if (!scaleOut.enabled() || lot.partialTaken() || !ctx.hasPrice()) {
                return Optional.empty();
            }
            BigDecimal gain = lot.pnlAt(ctx.price()).percent();
            if (gain.compareTo(scaleOut.triggerPct()) < 0) {
                return Optional.empty();
            }
            return scaleOut.quantityOf(lot.quantity()).map(part -> new ExitDecision.Exit(CloseReason.PARTIAL_PROFIT,
                    "price " + p(ctx.price()) + " is " + p(gain) + "% past entry " + p(lot.entryPrice()) + " (partial target "
                            + p(scaleOut.triggerPct()) + "%): closing " + p(part) + " of " + p(lot.quantity()), part));
        }
    }
}
