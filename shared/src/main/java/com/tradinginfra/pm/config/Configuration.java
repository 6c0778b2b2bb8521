package com.tradinginfra.pm.config;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.domain.RequestPriority;
import com.tradinginfra.pm.broker.OptionFeed;
import com.tradinginfra.pm.broker.StockFeed;
import com.tradinginfra.pm.domain.exit.ExitSettings;
import com.tradinginfra.pm.domain.exit.MissingBracketsAction;
import com.tradinginfra.pm.domain.exit.ScaleOut;

import java.net.URI;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Everything a function reads from its environment (docs/ARCHITECTURE.md, "Environment variables"),
 * validated at start. {@link #toString()} never shows a secret.
 *
 * @param settings        account and exit rules
 * @param dbUrl           JDBC URL
 * @param dbUser          database user
 * @param dbPassword      password, null with IAM authentication
 * @param dbIamAuth       use an RDS IAM token as the password
 * @param region          AWS region (IAM tokens, Secrets Manager, SQS)
 * @param alpacaKeyId     broker key id for local runs, null when a secret ARN is used
 * @param alpacaSecretKey broker secret for local runs
 * @param alpacaSecretArn Secrets Manager secret holding both keys (AWS)
 * @param tradingUrl      broker trading base URL
 * @param dataUrl         broker data base URL
 * @param awsEndpointUrl  SDK endpoint override (ElasticMQ, LocalStack), or null
 * @param sweepQueueUrl   SweepQueue URL, when the function sends to it
 * @param closeQueueUrl   CloseQueue URL, when the function sends to it
 * @param brokerRequestsPerMinute the account's trading requests a minute, shared by every container of every function
 *                        through the database ({@code request_budget}); Alpaca allows 200
 * @param brokerPriority  whose requests this function makes: closes may spend the account's budget to the last token,
 *                        routine work (discovery, sweeps, housekeeping) leaves the closes a reserve
 * @param stockFeed       the stock data feed ({@code ALPACA_STOCKS_FEED})
 * @param optionFeed      the option data feed ({@code ALPACA_OPTIONS_FEED})
 * @param alpacaSecretCache how long the keys read from {@code alpacaSecretArn} are used before it is read again
 */
public record Configuration(ManagerSettings settings, String dbUrl, String dbUser, String dbPassword, boolean dbIamAuth,
                            String region, String alpacaKeyId, String alpacaSecretKey, String alpacaSecretArn,
                            String tradingUrl, String dataUrl, String awsEndpointUrl, String sweepQueueUrl,
                            String closeQueueUrl, int brokerRequestsPerMinute, RequestPriority brokerPriority,
                            StockFeed stockFeed, OptionFeed optionFeed, Duration alpacaSecretCache) {

    /**
     * Default of {@code BROKER_REQUESTS_PER_MINUTE}: under Alpaca's 200, because a token claimed is sent a moment
     * later (a claim serves for up to a second) and a request the broker counted may be one we counted as failed.
     */
    public static final int DEFAULT_ACCOUNT_REQUESTS_PER_MINUTE = 190;

    /** Bounds of {@code ALPACA_SECRET_CACHE_SECONDS} (the template's {@code AlpacaSecretCacheSeconds}). */
    public static final int SECRET_CACHE_MIN_SECONDS = 1;
    public static final int SECRET_CACHE_MAX_SECONDS = 3600;

    public static final String PAPER_TRADING_URL = "https://paper-api.alpaca.markets";
    public static final String DATA_URL = "https://data.alpaca.markets";

    /** Which queues a function sends to: only those URLs are required. */
    public enum Sends { SWEEPS, CLOSES }

    /** Reads and validates the environment; throws one error naming every bad variable. */
    public static Configuration from(Environment env, Sends... sends) {
        String account = env.required("ACCOUNT_NAME");
        if (account != null && !account.matches("[A-Za-z0-9_.-]{1,50}")) {
            env.problem("ACCOUNT_NAME must be 1-50 letters, digits, '.', '_' or '-', was '" + account + "'");
        }
        String dbUrl = env.required("DB_URL");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            env.problem("DB_URL must start with jdbc:postgresql://");
        }
        String dbUser = env.optional("DB_USER");
        boolean iam = env.flag("DB_IAM_AUTH");
        String password = env.optional("DB_PASSWORD");
        String region = env.optional("AWS_REGION");
        if (iam && dbUser == null) {
            env.problem("DB_USER is required with DB_IAM_AUTH=true");
        }
        if (iam && region == null) {
            env.problem("AWS_REGION is required with DB_IAM_AUTH=true");
        }
        String keyId = env.optional("ALPACA_API_KEY_ID");
        String secret = env.optional("ALPACA_API_SECRET_KEY");
        String secretArn = env.optional("ALPACA_SECRET_ARN");
        if (secretArn == null && (keyId == null || secret == null)) {
            env.problem("broker credentials are missing: set ALPACA_SECRET_ARN, or both ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY"
                    + (keyId == null && secret == null ? "" : " (" + (keyId == null ? "ALPACA_API_KEY_ID" : "ALPACA_API_SECRET_KEY") + " is not set)"));
        }
        String tradingUrl = url(env, "ALPACA_TRADING_URL", PAPER_TRADING_URL);
        String dataUrl = url(env, "ALPACA_DATA_URL", DATA_URL);
        String endpoint = env.optional("AWS_ENDPOINT_URL");
        String sweepQueue = null;
        String closeQueue = null;
        for (Sends s : sends) {
            if (s == Sends.SWEEPS) {
                sweepQueue = env.required("SWEEP_QUEUE_URL");
            } else {
                closeQueue = env.required("CLOSE_QUEUE_URL");
            }
        }
        ManagerSettings settings = managerSettings(env, account);
        // Alpaca allows 200 trading requests a minute per account: one bucket for all containers (request_budget).
        int brokerBudget = env.integer("BROKER_REQUESTS_PER_MINUTE", DEFAULT_ACCOUNT_REQUESTS_PER_MINUTE, 2, 200);
        RequestPriority priority = priority(env);
        // Without a subscription Alpaca serves iex stocks and indicative options; sip/opra need one. Options
        // default to opra: the indicative feed is 15 minutes delayed, and an account without OPRA should
        // fail loudly on its first option price rather than run stops that can never fire.
        StockFeed stockFeed = feed(env, "ALPACA_STOCKS_FEED", StockFeed.IEX, StockFeed::of, "iex or sip");
        OptionFeed optionFeed = feed(env, "ALPACA_OPTIONS_FEED", OptionFeed.OPRA, OptionFeed::of, "indicative or opra");
        if (optionFeed == OptionFeed.INDICATIVE && settings != null
                && settings.priceMaxAge().compareTo(INDICATIVE_DELAY) <= 0) {
            env.problem("ALPACA_OPTIONS_FEED=indicative is " + INDICATIVE_DELAY.toMinutes() + " minutes delayed: with "
                    + "PRICE_MAX_AGE_SECONDS=" + settings.priceMaxAge().toSeconds() + " no option stop could ever fire; "
                    + "use opra, or set PRICE_MAX_AGE_SECONDS above " + INDICATIVE_DELAY.toSeconds());
        }
        // Rotated keys are used at the latest this long after the secret changed (at once after a 401).
        int secretCache = env.integer("ALPACA_SECRET_CACHE_SECONDS", 300, SECRET_CACHE_MIN_SECONDS, SECRET_CACHE_MAX_SECONDS);
        env.check();
        return new Configuration(settings, dbUrl, dbUser, password, iam, region, keyId, secret, secretArn, tradingUrl, dataUrl,
                endpoint, sweepQueue, closeQueue, brokerBudget, priority, stockFeed, optionFeed, Duration.ofSeconds(secretCache));
    }

    /**
     * The exit defaults and run settings of the environment (everything but connections): what the
     * functions and {@code ./pm run} share. Problems are collected in {@code env}; call
     * {@link Environment#check()} after.
     */
    public static ManagerSettings managerSettings(Environment env, String account) {
        ExitSettings exits = new ExitSettings(
                env.percent("DEFAULT_STOP_LOSS_PCT", "5", false),
                env.percent("DEFAULT_TAKE_PROFIT_PCT", "15", false),
                Duration.ofMinutes(env.integer("MAX_HOLD_MINUTES", 1440, 1, 525_600)),
                env.percent("TRAILING_STOP_PCT", "10", true),
                Duration.ofMinutes(env.integer("DAY_TRADE_CUTOFF_MINUTES", 5, 0, 390)),
                Duration.ofHours(env.integer("OPTION_EXPIRY_CUTOFF_HOURS", 24, 0, 24 * 30)),
                scaleOut(env));
        int attempts = env.integer("MAX_CLOSE_ATTEMPTS", 3, 1, 20);
        int sweeps = env.integer("SWEEPS_PER_MINUTE", 4, 1, 12);
        int batch = env.integer("STOCK_PRICE_BATCH_SIZE", 500, 1, 1000);
        int lotsPerSweep = env.integer("LOTS_PER_SWEEP", 5000, 100, 100_000);
        int stuck = env.integer("STUCK_CLOSING_MINUTES", 3, 1, 1440);
        int priceMaxAge = env.integer("PRICE_MAX_AGE_SECONDS", ManagerSettings.DEFAULT_PRICE_MAX_AGE_SECONDS, 1, 86_400);
        MissingBracketsAction missingBrackets = feed(env, "MISSING_BRACKETS_ACTION", MissingBracketsAction.CLOSE,
                MissingBracketsAction::of, "close or rearm");
        if (account == null) {
            return null; // reported by the caller
        }
        return new ManagerSettings(account, exits, attempts, sweeps, batch, lotsPerSweep, Duration.ofMinutes(stuck),
                Duration.ofSeconds(priceMaxAge), missingBrackets);
    }

    /** {@code BROKER_REQUEST_PRIORITY}: {@code close} (CloseOrderFunction) or {@code routine}, the default. */
    private static RequestPriority priority(Environment env) {
        String v = env.orDefault("BROKER_REQUEST_PRIORITY", "routine").trim().toLowerCase(java.util.Locale.ROOT);
        switch (v) {
            case "close":
                return RequestPriority.CLOSE;
            case "routine":
                return RequestPriority.ROUTINE;
            default:
                env.problem("BROKER_REQUEST_PRIORITY must be close or routine, was '" + v + "'");
                return RequestPriority.ROUTINE;
        }
    }

    /**
     * {@code TAKE_PARTIAL_PROFIT_PCT} (empty: off), {@code TAKE_PARTIAL_FRACTION} (0.5) and
     * {@code BREAKEVEN_AFTER_PARTIAL} (true). Problems are collected in {@code env}.
     */
    static ScaleOut scaleOut(Environment env) {
        BigDecimal trigger = env.decimalBetween("TAKE_PARTIAL_PROFIT_PCT", null, BigDecimal.ZERO, BigDecimal.valueOf(1000),
                "empty (off) or a percent above 0 and below 1000 (5 means a gain of 5 % of the entry)");
        BigDecimal fraction = env.decimalBetween("TAKE_PARTIAL_FRACTION", ScaleOut.OFF.fraction(), BigDecimal.ZERO, BigDecimal.ONE,
                "a fraction above 0 and below 1 (0.5 closes half the lot)");
        boolean breakeven = env.flag("BREAKEVEN_AFTER_PARTIAL", true);
        return new ScaleOut(trigger, fraction, breakeven);
    }

    /** Alpaca's indicative option feed trails the market by this much (docs/ALPACA.md, option snapshots). */
    static final Duration INDICATIVE_DELAY = Duration.ofMinutes(15);

    private static <T> T feed(Environment env, String name, T fallback, java.util.function.Function<String, T> parse, String expected) {
        String v = env.optional(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            env.problem(name + " must be " + expected + ", was '" + v + "'");
            return fallback;
        }
    }

    private static String url(Environment env, String name, String fallback) {
        String v = env.orDefault(name, fallback);
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                env.problem(name + " must be an http(s) URL, was '" + v + "'");
            }
        } catch (IllegalArgumentException e) {
            env.problem(name + " must be an http(s) URL, was '" + v + "'");
        }
        return v;
    }

    /** A JDBC URL may carry {@code password=...}: never print it. */
    public static String maskPassword(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "Configuration[account=" + settings.account() + ", dbUrl=" + maskPassword(dbUrl) + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword == null ? "unset" : "***") + ", dbIamAuth=" + dbIamAuth
                + ", alpacaKeys=" + (alpacaKeyId == null ? "unset" : "***") + ", alpacaSecretArn=" + alpacaSecretArn
                + ", tradingUrl=" + tradingUrl + ", dataUrl=" + dataUrl + ", feeds=" + stockFeed.wire() + "/" + optionFeed.wire()
                + ", brokerBudget=" + brokerRequestsPerMinute + "/min " + brokerPriority + ", exits=" + settings.exits()
                + ", missingBrackets=" + settings.missingBrackets().code() + "]";
    }
}
