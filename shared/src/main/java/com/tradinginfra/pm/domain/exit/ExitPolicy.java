package com.tradinginfra.pm.domain.exit;

import com.tradinginfra.pm.domain.Lot;

import java.util.List;
import java.util.Optional;

/**
 * The exit rules in priority order; the first that fires wins.
 * <ol>
 *   <li>stop loss, take profit, missing protective orders</li>
 *   <li>trailing stop</li>
 *   <li>day trade cutoff, option expiry</li>
 *   <li>maximum hold time</li>
 *   <li>partial profit (scale-out): last, so any rule that closes the whole lot wins over it</li>
 * </ol>
 */
public record ExitPolicy(List<ExitRule> rules) {
    public ExitPolicy {
        rules = List.copyOf(rules);
    }

    /** The standard rules with the configured settings. */
    public static ExitPolicy standard(ExitSettings settings) {
        return standard(settings, MissingBracketsAction.CLOSE);
    }

    /** The standard rules, with what the missing-brackets rule does under {@code action}. */
    public static ExitPolicy standard(ExitSettings settings, MissingBracketsAction action) {
        return new ExitPolicy(List.of(
                new ExitRule.StopLoss(),
                new ExitRule.TakeProfit(),
                new ExitRule.MissingBrackets(action),
                new ExitRule.TrailingStop(settings.trailingStopPct()),
                new ExitRule.DayTradeCutoff(settings.dayTradeCutoff()),
                new ExitRule.OptionExpiry(settings.optionExpiryCutoff()),
                new ExitRule.MaxHoldTime(settings.maxHold()),
                new ExitRule.PartialProfit(settings.scaleOut())));
    }

    /** Evaluates the rules for one lot. */
    public ExitDecision decide(Lot lot, ExitContext ctx) {
        for (ExitRule rule : rules) {
            Optional<ExitDecision.Exit> exit = rule.evaluate(lot, ctx);
            if (exit.isPresent()) {
                return exit.get();
            }
        }
        return ExitDecision.HOLD;
    }
}
