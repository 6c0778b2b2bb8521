package com.tradinginfra.pm.domain;

/**
 * Whose broker request it is. Closes come first: on a crash day the account's request budget must
 * go to exits, and discovery, sweeps and housekeeping can wait a minute.
 */
public enum RequestPriority {
    /** Closing positions (CloseOrderFunction): may spend the budget down to nothing. */
    CLOSE,
    /** Discovery, reconciliation, housekeeping: only while the closes' reserve is left. */
    ROUTINE
}
