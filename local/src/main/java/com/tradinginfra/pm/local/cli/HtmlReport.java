package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.domain.ClosedLot;
import com.tradinginfra.pm.domain.DaySummary;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The demo's report: one inline-SVG chart per lot (price path, stop, target, running peak, entry
 * and exit markers) and the table of closed lots; and {@code ./pm report}'s trading day from the
 * database: the day's summary, a chart of the cumulative P&amp;L and every closed lot with its exits.
 * One self-contained file: no scripts, no network.
 */
final class HtmlReport {
    private static final int W = 620;
    private static final int H = 230;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 28;

    private HtmlReport() {
    }

    static void write(Path file, DemoResult r, DemoScenario scenario, PricePaths paths, long seed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(r, scenario, paths, seed), StandardCharsets.UTF_8);
    }

    static String render(DemoResult r, DemoScenario scenario, PricePaths paths, long seed) {
        StringBuilder h = new StringBuilder();
        String date = r.open.atZone(TextTable.NEW_YORK).toLocalDate().toString();
        head(h, "pm demo " + date);
        h.append("<h1>Position manager demo — ").append(date).append("</h1>\n");
        h.append("<div class=\"meta\">Simulated session ").append(Monitor.clock(r.open)).append("–").append(Monitor.clock(r.close))
                .append(" ET, run until ").append(Monitor.clock(r.end)).append(" ET, seed ").append(seed)
                .append(". Embedded PostgreSQL, ElasticMQ, Alpaca simulator; unchanged Lambda handlers.</div>\n");

        h.append("<div class=\"summary\">");
        row(h, "lots tracked", r.lots.size() + " (" + r.tracked() + " from executions, " + r.adopted() + " adopted)");
        StringBuilder exits = new StringBuilder();
        r.exitsByRule.forEach((k, v) -> exits.append(exits.length() == 0 ? "" : ", ").append(k).append(" ").append(v));
        row(h, "exits by rule", exits.toString());
        row(h, "rules fired", r.rulesFired.size() + " of " + DemoScenario.RULES.size() + ": " + String.join(", ", r.rulesFired));
        row(h, "realised P&amp;L", esc(TextTable.money(r.realizedPnl)));
        row(h, "slowest exit", esc(r.slowestExit));
        row(h, "DLQ messages", r.deadLetters + " " + esc(String.valueOf(r.deadLettersByQueue)));
        row(h, "should have closed", r.shouldHaveClosed.isEmpty() ? "0" : esc(String.join("; ", r.shouldHaveClosed)));
        h.append("<b>result</b><span class=\"").append(r.ok() ? "ok\">OK" : "bad\">PROBLEM").append("</span>");
        h.append("</div>\n");

        h.append("<h2>Closed lots</h2>\n<table><tr><th>symbol</th><th>type</th><th>side</th><th>qty</th><th>entry</th><th>entry price</th>")
                .append("<th>exit</th><th>exit price</th><th>reason</th><th>P&amp;L $</th><th>hold min</th></tr>\n");
        for (DemoResult.LotRow l : r.lots) {
            if (!l.closed()) {
                continue;
            }
            String cls = l.realizedPnl() == null ? "" : l.realizedPnl().signum() >= 0 ? "win" : "loss";
            h.append("<tr><td>").append(esc(l.symbol())).append("</td><td>").append(kind(l)).append("</td><td>").append(l.side())
                    .append("</td><td class=n>").append(TextTable.qty(l.quantity())).append("</td><td>").append(Monitor.clock(l.entryTime()))
                    .append("</td><td class=n>").append(TextTable.plain(l.entryPrice())).append("</td><td>").append(Monitor.clock(l.closedAt()))
                    .append("</td><td class=n>").append(TextTable.plain(l.exitPrice())).append("</td><td>").append(l.closeReason())
                    .append("</td><td class=\"n ").append(cls).append("\">").append(TextTable.money(l.realizedPnl()))
                    .append("</td><td class=n>").append(Duration.between(l.entryTime(), l.closedAt()).toMinutes()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        long open = r.lots.stream().filter(l -> !l.closed()).count();
        if (open > 0) {
            h.append("<h2>Still open at the end</h2>\n<table><tr><th>symbol</th><th>type</th><th>side</th><th>qty</th><th>entry price</th>")
                    .append("<th>last</th><th>P&amp;L $</th><th>stop</th><th>target</th><th>status</th></tr>\n");
            for (DemoResult.LotRow l : r.lots) {
                if (l.closed()) {
                    continue;
                }
                h.append("<tr><td>").append(esc(l.symbol())).append("</td><td>").append(kind(l)).append("</td><td>").append(l.side())
                        .append("</td><td class=n>").append(TextTable.qty(l.quantity())).append("</td><td class=n>")
                        .append(TextTable.plain(l.entryPrice())).append("</td><td class=n>").append(TextTable.plain(l.currentPrice()))
                        .append("</td><td class=n>").append(TextTable.money(l.currentPnl())).append("</td><td class=n>")
                        .append(TextTable.plain(l.stop())).append("</td><td class=n>").append(TextTable.plain(l.target()))
                        .append("</td><td>").append(l.status()).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Lots</h2>\n<div class=\"legend\"><span style=\"color:#1f5fbf\">━ price</span><span style=\"color:#c0392b\">╌ stop</span>")
                .append("<span style=\"color:#1a7f37\">╌ target</span><span style=\"color:#e67e22\">┄ peak (running)</span>")
                .append("<span>▲ entry</span><span>● exit</span></div>\n<div class=\"grid\">\n");
        for (DemoResult.LotRow l : r.lots) {
            DemoScenario.LotPlan plan = scenario.plan(l.symbol());
            h.append("<div class=\"card\"><h3>").append(esc(l.symbol())).append(" · ").append(kind(l)).append(" ").append(l.side())
                    .append(" ").append(TextTable.qty(l.quantity())).append(l.strategy() == null ? "" : " · " + esc(l.strategy())).append("</h3>");
            h.append("<div class=\"sub\">");
            if (l.closed()) {
                h.append("closed <b>").append(l.closeReason()).append("</b> at ").append(TextTable.plain(l.exitPrice())).append(" (")
                        .append(Monitor.clock(l.closedAt())).append(" ET), P&amp;L ").append(TextTable.money(l.realizedPnl()));
            } else {
                h.append(l.status()).append(", last ").append(TextTable.plain(l.currentPrice())).append(", P&amp;L ")
                        .append(TextTable.money(l.currentPnl()));
            }
            if (plan != null) {
                h.append(" — ").append(esc(plan.story()));
            }
            h.append("</div>\n").append(chart(l, paths, r)).append("</div>\n");
        }
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ ./pm report: a trading day from the database

    static void writeDay(Path file, DaySummary summary, List<ClosedLot> lots, String account) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, renderDay(summary, lots, account), StandardCharsets.UTF_8);
    }

    /** The day's report: the summary, the cumulative P&amp;L chart and every closed lot with its exits. */
    static String renderDay(DaySummary s, List<ClosedLot> lots, String account) {
        StringBuilder h = new StringBuilder();
        head(h, "pm report " + s.day());
        h.append("<h1>Trading day — ").append(s.day()).append("</h1>\n");
        h.append("<div class=\"meta\">").append(account == null ? "Every account" : "Account " + esc(account))
                .append(". Lots whose last exit fell on this New York day (00:00–24:00 ET), from position_history; ")
                .append("times are New York times.</div>\n");
        h.append("<div class=\"summary\">");
        row(h, "lots opened", String.valueOf(s.lotsOpened()));
        row(h, "lots closed", s.lotsClosed() + (s.lotsClosed() == 0 ? "" : " (" + s.wins() + " won, " + s.losses() + " lost, "
                + s.breakeven() + " breakeven)"));
        row(h, "win rate", s.winRatePercent().map(r -> r.toPlainString() + " %").orElse("–"));
        row(h, "realised P&amp;L", "<span class=\"" + cls(s.realizedPnl()) + "\">" + TextTable.money(s.realizedPnl()) + "</span>");
        row(h, "by strategy", amounts(s.byStrategy()));
        java.util.Map<String, BigDecimal> byReason = new java.util.LinkedHashMap<>();
        s.byReason().forEach((k, v) -> byReason.put(k.code(), v));
        row(h, "by close reason", amounts(byReason));
        h.append("</div>\n");
        if (lots.isEmpty()) {
            h.append("<h2>Closed lots</h2>\n<p class=\"empty\">Nothing closed on ").append(s.day())
                    .append(": no lot had its last exit on this day").append(account == null ? "" : " in account " + esc(account))
                    .append(".</p>\n</body></html>\n");
            return h.toString();
        }
        h.append("<h2>Cumulative realised P&amp;L</h2>\n").append(cumulativeChart(s.day(), lots)).append('\n');
        h.append("<h2>Closed lots</h2>\n<table><tr><th>#</th>").append(account == null ? "<th>account</th>" : "")
                .append("<th>symbol</th><th>type</th><th>side</th><th>strategy</th><th>qty</th><th>entry</th><th>entry price</th>")
                .append("<th>exits (time · qty @ price · reason · P&amp;L)</th><th>reason</th><th>P&amp;L $</th><th>hold</th></tr>\n");
        for (ClosedLot l : lots) {
            h.append("<tr><td class=n>").append(l.lotId()).append("</td>");
            if (account == null) {
                h.append("<td>").append(esc(l.account())).append("</td>");
            }
            h.append("<td>").append(esc(l.symbol())).append("</td><td>").append(l.type().name().toLowerCase(Locale.ROOT))
                    .append("</td><td>").append(l.side().code()).append("</td><td>").append(esc(l.strategy() == null ? "" : l.strategy()))
                    .append("</td><td class=n>").append(TextTable.qty(l.quantity())).append("</td><td>").append(when(l.entryTime(), s.day()))
                    .append("</td><td class=n>").append(TextTable.plain(l.entryPrice())).append("</td><td class=exits>");
            for (int i = 0; i < l.exits().size(); i++) {
                ClosedLot.Exit x = l.exits().get(i);
                h.append(i == 0 ? "" : "<br>").append(when(x.at(), s.day())).append(" · ").append(TextTable.qty(x.quantity())).append(" @ ")
                        .append(TextTable.plain(x.price())).append(" · ").append(x.reason().code()).append(" · <span class=\"")
                        .append(cls(x.pnl())).append("\">").append(TextTable.money(x.pnl())).append("</span>");
            }
            h.append("</td><td>").append(l.closeReason().code()).append(l.scaledOut() ? " (scaled out)" : "")
                    .append("</td><td class=\"n ").append(cls(l.pnl())).append("\">").append(TextTable.money(l.pnl()))
                    .append("</td><td class=n>").append(hold(l.holdTime())).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static String cls(BigDecimal pnl) {
        return pnl.signum() > 0 ? "win" : pnl.signum() < 0 ? "loss" : "";
    }

    private static String amounts(java.util.Map<String, BigDecimal> amounts) {
        if (amounts.isEmpty()) {
            return "–";
        }
        StringBuilder b = new StringBuilder();
        amounts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(esc(k)).append(" <span class=\"").append(cls(v))
                .append("\">").append(TextTable.money(v)).append("</span>"));
        return b.toString();
    }

    /** A time of the day as HH:MM:SS, another day's with its date. */
    private static String when(Instant at, java.time.LocalDate day) {
        java.time.ZonedDateTime z = at.atZone(TextTable.NEW_YORK);
        return (z.toLocalDate().equals(day) ? "" : z.toLocalDate() + " ") + Monitor.clock(at);
    }

    static String hold(Duration d) {
        long m = d.toMinutes();
        if (m < 60) {
            return m + "m";
        }
        if (m < 24 * 60) {
            return m / 60 + "h" + String.format(Locale.ROOT, "%02d", m % 60) + "m";
        }
        return m / (24 * 60) + "d" + String.format(Locale.ROOT, "%02d", (m % (24 * 60)) / 60) + "h";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 0.01))));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static final int CW = 1000;
    private static final int CH = 260;

    /**
     * The running sum of the lots' P&amp;L at each lot's close, as a step line over the day (the
     * regular hours 09:30–16:00 ET at least, wider when a close fell outside them), a dot per close.
     */
    static String cumulativeChart(java.time.LocalDate day, List<ClosedLot> lots) {
        Instant from = day.atTime(9, 30).atZone(TextTable.NEW_YORK).toInstant();
        Instant to = day.atTime(16, 0).atZone(TextTable.NEW_YORK).toInstant();
        for (ClosedLot l : lots) {
            from = l.closedAt().isBefore(from) ? l.closedAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS) : from;
            to = l.closedAt().isAfter(to) ? l.closedAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600) : to;
        }
        List<ClosedLot> byClose = lots.stream().sorted(java.util.Comparator.comparing(ClosedLot::closedAt)).toList();
        double[] cum = new double[byClose.size()];
        BigDecimal run = BigDecimal.ZERO;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < byClose.size(); i++) {
            run = run.add(byClose.get(i).pnl());
            cum[i] = run.doubleValue();
            lo = Math.min(lo, cum[i]);
            hi = Math.max(hi, cum[i]);
        }
        // round ticks (1, 2 or 5 times a power of ten) that include 0, the line the day starts from
        double step = niceStep(Math.max((hi - lo) / 4, 0.25));
        final double yLo = Math.floor(lo / step) * step - (lo % step == 0 ? step * 0.25 : 0);
        final double yHi = Math.ceil(hi / step) * step + (hi % step == 0 ? step * 0.25 : 0);
        final long t0 = from.getEpochSecond();
        final long span = Math.max(60, to.getEpochSecond() - t0);
        int left = 74;
        int right = 78; // room for the last time label and the day's total
        java.util.function.Function<Instant, Double> x = t -> left + (CW - left - right) * (double) (t.getEpochSecond() - t0) / span;
        java.util.function.DoubleUnaryOperator y = v -> TOP + (CH - TOP - BOTTOM) * (1 - (v - yLo) / (yHi - yLo));
        StringBuilder g = new StringBuilder();
        g.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CW).append("\" height=\"").append(CH)
                .append("\" viewBox=\"0 0 ").append(CW).append(' ').append(CH)
                .append("\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\" style=\"background:#fff;border:1px solid #ddd;border-radius:6px\">");
        g.append("<rect x=\"").append(left).append("\" y=\"").append(TOP).append("\" width=\"").append(CW - left - right)
                .append("\" height=\"").append(CH - TOP - BOTTOM).append("\" fill=\"#fcfcfc\" stroke=\"#ccc\"/>");
        for (double v = Math.ceil(yLo / step) * step; v <= yHi + step * 1e-9; v += step) {
            double yy = y.applyAsDouble(v);
            g.append(line(left, yy, CW - right, yy, "#eee", 1, null));
            g.append("<text x=\"").append(left - 4).append("\" y=\"").append(f(yy + 4)).append("\" text-anchor=\"end\" fill=\"#666\">")
                    .append(Math.abs(v) < step * 1e-9 ? "0" : String.format(Locale.ROOT, step < 1 ? "%+.2f" : "%+.0f", v)).append("</text>");
        }
        for (Instant t = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS); !t.isAfter(to); t = t.plusSeconds(1800)) {
            if (t.isBefore(from)) {
                continue;
            }
            double xx = x.apply(t);
            g.append(line(xx, TOP, xx, CH - BOTTOM, "#f0f0f0", 1, null));
            g.append("<text x=\"").append(f(xx)).append("\" y=\"").append(CH - BOTTOM + 14).append("\" text-anchor=\"middle\" fill=\"#666\">")
                    .append(Monitor.clock(t), 0, 5).append("</text>");
        }
        double zero = y.applyAsDouble(0);
        g.append(line(left, zero, CW - right, zero, "#888", 1, "4,3"));
        StringBuilder pts = new StringBuilder().append(f(x.apply(from))).append(',').append(f(zero)).append(' ');
        double prev = zero;
        for (int i = 0; i < byClose.size(); i++) {
            double xx = x.apply(byClose.get(i).closedAt());
            double yy = y.applyAsDouble(cum[i]);
            pts.append(f(xx)).append(',').append(f(prev)).append(' ').append(f(xx)).append(',').append(f(yy)).append(' ');
            prev = yy;
        }
        pts.append(f(x.apply(to))).append(',').append(f(prev));
        g.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.8\" points=\"").append(pts).append("\"/>");
        for (int i = 0; i < byClose.size(); i++) {
            ClosedLot l = byClose.get(i);
            String colour = l.pnl().signum() > 0 ? "#1a7f37" : l.pnl().signum() < 0 ? "#c0392b" : "#777";
            g.append("<circle cx=\"").append(f(x.apply(l.closedAt()))).append("\" cy=\"").append(f(y.applyAsDouble(cum[i])))
                    .append("\" r=\"4\" fill=\"").append(colour).append("\" stroke=\"#fff\"><title>").append(esc(l.symbol())).append(' ')
                    .append(l.closeReason().code()).append(' ').append(TextTable.money(l.pnl())).append(" at ").append(Monitor.clock(l.closedAt()))
                    .append("</title></circle>");
        }
        double endY = y.applyAsDouble(cum[cum.length - 1]);
        g.append("<text x=\"").append(CW - right + 6).append("\" y=\"").append(f(endY + 4))
                .append("\" text-anchor=\"start\" fill=\"#1f5fbf\" font-weight=\"bold\">").append(TextTable.money(run)).append("</text>");
        g.append("</svg>");
        return "<div class=\"legend\"><span style=\"color:#1f5fbf\">━ cumulative realised P&amp;L ($)</span>"
                + "<span style=\"color:#1a7f37\">● a winning lot's close</span><span style=\"color:#c0392b\">● a losing lot's close</span></div>\n"
                + g;
    }

    /** The page's head and the style both reports share. */
    private static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fafafa}\n")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n")
                .append(".meta{color:#555;font-size:13px;margin-bottom:14px}\n")
                .append(".summary{display:grid;grid-template-columns:190px auto;gap:3px 12px;font-size:14px;background:#fff;border:1px solid #ddd;padding:12px;border-radius:6px;max-width:1240px}\n")
                .append(".summary b{color:#444}.ok{color:#1a7f37;font-weight:bold}.bad{color:#c0392b;font-weight:bold}\n")
                .append(".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:14px}\n")
                .append(".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 12px}\n")
                .append(".card h3{margin:0;font-size:15px}.card .sub{font-size:12.5px;color:#555;margin:2px 0 4px}\n")
                .append("table{border-collapse:collapse;font-size:13px;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px}\n")
                .append("th{background:#f0f0f0;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append(".win{color:#1a7f37}.loss{color:#c0392b}.legend span{margin-right:14px;font-size:12px}\n")
                .append("td.exits{font-size:12px;line-height:1.45}.empty{font-size:15px;color:#555;background:#fff;border:1px dashed #bbb;padding:16px;border-radius:6px;max-width:900px}\n")
                .append("</style></head><body>\n");
    }

    private static String kind(DemoResult.LotRow l) {
        return l.type().toLowerCase(Locale.ROOT) + ("day_trade".equals(l.strategy()) ? " (day)" : "");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<b>").append(k).append("</b><span>").append(v).append("</span>");
    }

    static String chart(DemoResult.LotRow l, PricePaths paths, DemoResult r) {
        Instant from = l.entryTime().minus(Duration.ofMinutes(10));
        if (from.isBefore(r.open)) {
            from = r.open;
        }
        Instant exitAt = l.closed() && l.closedAt() != null ? l.closedAt() : r.end;
        Instant to = exitAt.plus(Duration.ofMinutes(10));
        if (to.isAfter(r.end)) {
            to = r.end;
        }
        int i0 = paths.index(from);
        int i1 = Math.max(paths.index(to), i0 + 1);
        int iEntry = paths.index(l.entryTime());
        int iExit = paths.index(exitAt);
        double[] price = new double[i1 - i0 + 1];
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = i0; i <= i1; i++) {
            BigDecimal p = paths.at(l.symbol(), i);
            price[i - i0] = p == null ? Double.NaN : p.doubleValue();
            if (p != null) {
                lo = Math.min(lo, price[i - i0]);
                hi = Math.max(hi, price[i - i0]);
            }
        }
        lo = Math.min(lo, l.entryPrice().doubleValue());
        hi = Math.max(hi, l.entryPrice().doubleValue());
        if (l.exitPrice() != null) {
            lo = Math.min(lo, l.exitPrice().doubleValue());
            hi = Math.max(hi, l.exitPrice().doubleValue());
        }
        double span = Math.max(hi - lo, hi * 0.002);
        // stop and target are drawn when they are near the path, otherwise named at the edge
        for (BigDecimal level : new BigDecimal[]{l.stop(), l.target()}) {
            if (level != null && level.doubleValue() > lo - span * 1.5 && level.doubleValue() < hi + span * 1.5) {
                lo = Math.min(lo, level.doubleValue());
                hi = Math.max(hi, level.doubleValue());
            }
        }
        if (hi - lo < hi * 0.01) { // a flat path: show at least a 1 % band
            double mid = (hi + lo) / 2;
            lo = mid - hi * 0.005;
            hi = mid + hi * 0.005;
        }
        double pad = (hi - lo) * 0.08;
        final double yLo = lo - pad;
        final double yHi = hi + pad;
        final int n = i1 - i0;
        java.util.function.IntToDoubleFunction x = i -> LEFT + (W - LEFT - RIGHT) * (double) (i - i0) / n;
        java.util.function.DoubleUnaryOperator y = v -> TOP + (H - TOP - BOTTOM) * (1 - (v - yLo) / (yHi - yLo));

        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(W - LEFT - RIGHT)
                .append("\" height=\"").append(H - TOP - BOTTOM).append("\" fill=\"#fcfcfc\" stroke=\"#ccc\"/>");
        // axes: 5 price ticks, time ticks every 30 or 60 min
        for (int k = 0; k <= 4; k++) {
            double v = yLo + (yHi - yLo) * k / 4;
            double yy = y.applyAsDouble(v);
            s.append(line(LEFT, yy, W - RIGHT, yy, "#eee", 1, null));
            s.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(f(yy + 4)).append("\" text-anchor=\"end\" fill=\"#666\">")
                    .append(String.format(Locale.ROOT, "%.2f", v)).append("</text>");
        }
        long minutes = Duration.between(from, to).toMinutes();
        int every = minutes > 240 ? 60 : minutes > 90 ? 30 : minutes > 40 ? 10 : 5;
        Instant firstTick = from.plusSeconds(59).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (Instant t = firstTick; !t.isAfter(to); t = t.plusSeconds(60)) {
            int minuteOfHour = t.atZone(TextTable.NEW_YORK).getMinute();
            if (minuteOfHour % every != 0) {
                continue;
            }
            double xx = x.applyAsDouble(paths.index(t));
            s.append(line(xx, TOP, xx, H - BOTTOM, "#f0f0f0", 1, null));
            s.append("<text x=\"").append(f(xx)).append("\" y=\"").append(H - BOTTOM + 14).append("\" text-anchor=\"middle\" fill=\"#666\">")
                    .append(Monitor.clock(t), 0, 5).append("</text>");
        }
        level(s, l.stop(), "stop", "#c0392b", yLo, yHi, y);
        level(s, l.target(), "target", "#1a7f37", yLo, yHi, y);
        // price path
        StringBuilder pts = new StringBuilder();
        for (int i = i0; i <= i1; i++) {
            if (!Double.isNaN(price[i - i0])) {
                pts.append(f(x.applyAsDouble(i))).append(',').append(f(y.applyAsDouble(price[i - i0]))).append(' ');
            }
        }
        s.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.4\" points=\"").append(pts).append("\"/>");
        // running peak from entry to exit (best price seen: highest for a long, lowest for a short)
        boolean isLong = "long".equals(l.side());
        StringBuilder peak = new StringBuilder();
        double best = l.entryPrice().doubleValue();
        for (int i = Math.max(iEntry, i0); i <= Math.min(iExit, i1); i++) {
            double p = price[i - i0];
            if (!Double.isNaN(p)) {
                best = isLong ? Math.max(best, p) : Math.min(best, p);
            }
            peak.append(f(x.applyAsDouble(i))).append(',').append(f(y.applyAsDouble(best))).append(' ');
        }
        s.append("<polyline fill=\"none\" stroke=\"#e67e22\" stroke-width=\"1.2\" stroke-dasharray=\"2,3\" points=\"").append(peak).append("\"/>");
        if (l.peak() != null) {
            s.append("<text x=\"").append(W - RIGHT - 4).append("\" y=\"").append(TOP + 12)
                    .append("\" text-anchor=\"end\" fill=\"#e67e22\">peak ").append(TextTable.plain(l.peak())).append("</text>");
        }
        // entry ▲ and exit ●
        double ex = x.applyAsDouble(Math.max(iEntry, i0));
        double ey = y.applyAsDouble(l.entryPrice().doubleValue());
        s.append("<path d=\"M").append(f(ex)).append(',').append(f(ey - 7)).append(" l6,11 l-12,0 z\" fill=\"#1f5fbf\" stroke=\"#fff\"/>");
        s.append("<text x=\"").append(f(ex + 8)).append("\" y=\"").append(f(ey + 14)).append("\" fill=\"#1f5fbf\">entry ")
                .append(TextTable.plain(l.entryPrice())).append("</text>");
        if (l.closed() && l.exitPrice() != null) {
            double xx = x.applyAsDouble(Math.min(iExit, i1));
            double yy = y.applyAsDouble(l.exitPrice().doubleValue());
            s.append("<circle cx=\"").append(f(xx)).append("\" cy=\"").append(f(yy)).append("\" r=\"5\" fill=\"#222\" stroke=\"#fff\"/>");
            boolean leftSide = xx > W * 0.7;
            s.append("<text x=\"").append(f(leftSide ? xx - 8 : xx + 8)).append("\" y=\"").append(f(yy - 8)).append("\" text-anchor=\"")
                    .append(leftSide ? "end" : "start").append("\" fill=\"#222\">exit ").append(TextTable.plain(l.exitPrice()))
                    .append(" ").append(l.closeReason()).append("</text>");
        }
        s.append("</svg>");
        return s.toString();
    }

    private static void level(StringBuilder s, BigDecimal v, String name, String colour, double lo, double hi,
                              java.util.function.DoubleUnaryOperator y) {
        if (v == null) {
            return;
        }
        double d = v.doubleValue();
        if (d >= lo && d <= hi) {
            double yy = y.applyAsDouble(d);
            s.append(line(LEFT, yy, W - RIGHT, yy, colour, 1.2, "6,4"));
            s.append("<text x=\"").append(LEFT + 4).append("\" y=\"").append(f(yy - 3)).append("\" fill=\"").append(colour).append("\">")
                    .append(name).append(' ').append(TextTable.plain(v)).append("</text>");
        } else {
            boolean above = d > hi;
            s.append("<text x=\"").append(LEFT + 4).append("\" y=\"").append(above ? TOP + 12 : H - BOTTOM - 4).append("\" fill=\"")
                    .append(colour).append("\">").append(name).append(' ').append(TextTable.plain(v)).append(above ? " ↑ (off chart)" : " ↓ (off chart)")
                    .append("</text>");
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, double width, String dash) {
        return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\"" + colour
                + "\" stroke-width=\"" + width + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
