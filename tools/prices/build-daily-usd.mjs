#!/usr/bin/env node
// Builds (or re-checks) data/prices/daily-usd.csv: the USD close of an asset on a date, for the (asset, date) pairs
// token-stated incident losses need, each row naming the file it was read from. No dependencies.
//
//   node build-daily-usd.mjs --needs NEEDS.csv [--coinmetrics DIR --coinmetrics-commit SHA]
//                            [--p17o DIR --p17o-commit SHA] [--keep data/prices/daily-usd.csv] > daily-usd.csv
//   node build-daily-usd.mjs --crosscheck data/prices/daily-usd.csv [--p17o DIR] [--chronicle prices.json]
//
// NEEDS.csv: "asset,date" lines (ETH,2024-02-02), e.g. the pairs `java -jar target/perimeter.jar check-data` lists as
// closes the price file lacks. Sources, first that has the date wins:
//   --coinmetrics: a checkout of coinmetrics/data (CC BY-NC 4.0); csv/<asset>.csv, column PriceUSD, the row of the date.
//     Coin Metrics' PriceUSD of day D is its end-of-day price (its ReferenceRateUSD of D+1, taken at 00:00 UTC, repeats it).
//   --p17o: a checkout of p17o/daily-coingecko-prices (MIT); data/<coingecko id>_<year>_daily_price_data_provided_by_coingecko.csv,
//     column price_usd. Its rows come from CoinGecko's /coins/{id}/history?date=D, the snapshot at 00:00 UTC of D, i.e. the
//     close of D-1: the close of D is the row of D+1.
//   --keep: rows of an existing file are kept for pairs no source given here has (e.g. rows read another way).
// --crosscheck compares every row of the file with the other sources where they have the same close and prints the relative
// differences (median, max, the rows over 2 %). The DeFi-Hack-Chronicle prices.json has no licence: use it only for this.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const COINGECKO_IDS = { ETH: 'ethereum', BTC: 'bitcoin', AVAX: 'avalanche-2', MATIC: 'matic-network', SOL: 'solana' };

function args() {
  const a = {};
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (!v[i].startsWith('--')) throw new Error(`unexpected argument ${v[i]}`);
    a[v[i].slice(2)] = v[i + 1];
    i++;
  }
  return a;
}

function csvRows(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = [];
    let cur = '', quoted = false;
    for (const ch of l) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) { cells.push(cur); cur = ''; }
      else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

function nextDay(date) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Coin Metrics: PriceUSD of the row of `date` in csv/<asset>.csv. */
function coinMetrics(dir, commit, cache) {
  return (asset, date) => {
    const file = `csv/${asset.toLowerCase()}.csv`;
    if (!cache.has(file)) {
      const path = join(dir, file);
      cache.set(file, existsSync(path) ? new Map(csvRows(readFileSync(path, 'utf8')).map((r) => [r.time, r.PriceUSD])) : new Map());
    }
    const close = cache.get(file).get(date);
    return close ? { close, source: `coinmetrics/data:${file}@${commit}#PriceUSD` } : null;
  };
}

/** p17o: price_usd of the row of date+1 (dd-mm-yyyy) in the CoinGecko file of the asset and that row's year. */
function p17o(dir, commit, cache) {
  return (asset, date) => {
    const id = COINGECKO_IDS[asset];
    if (!id) return null;
    const next = nextDay(date);
    const file = `data/${id}_${next.slice(0, 4)}_daily_price_data_provided_by_coingecko.csv`;
    if (!cache.has(file)) {
      const path = join(dir, file);
      cache.set(file, existsSync(path) ? new Map(csvRows(readFileSync(path, 'utf8')).map((r) => [r.date, r.price_usd])) : new Map());
    }
    const [y, m, d] = next.split('-');
    const close = cache.get(file).get(`${d}-${m}-${y}`);
    return close ? { close, source: `p17o/daily-coingecko-prices:${file}@${commit}#price_usd(${d}-${m}-${y} 00:00 UTC)` } : null;
  };
}

/** DeFi-Hack-Chronicle prices.json (no licence: cross-check only): coins.<ASSET>.prices[{date, price}]. */
function chronicle(path) {
  const j = JSON.parse(readFileSync(path, 'utf8'));
  const by = new Map();
  for (const [asset, c] of Object.entries(j.coins ?? {})) for (const p of c.prices ?? []) by.set(`${asset}|${p.date}`, String(p.price));
  return by;
}

function build(a) {
  const needs = csvRows('asset,date\n' + readFileSync(a.needs, 'utf8').replace(/^asset,date\r?\n/, ''));
  const sources = [];
  if (a.coinmetrics) sources.push(coinMetrics(a.coinmetrics, a['coinmetrics-commit'] ?? 'UNKNOWN', new Map()));
  if (a.p17o) sources.push(p17o(a.p17o, a['p17o-commit'] ?? 'UNKNOWN', new Map()));
  const kept = new Map();
  if (a.keep) for (const r of csvRows(readFileSync(a.keep, 'utf8'))) kept.set(`${r.asset}|${r.date}`, r);
  const out = new Map();
  const missing = [];
  for (const n of needs) {
    const asset = n.asset.trim().toUpperCase(), date = n.date.trim();
    let row = null;
    for (const s of sources) {
      const hit = s(asset, date);
      if (hit) { row = { date, asset, close: hit.close, source: hit.source }; break; }
    }
    row = row ?? kept.get(`${asset}|${date}`) ?? null;
    if (row) out.set(`${asset}|${date}`, row);
    else missing.push(`${asset},${date}`);
  }
  const rows = [...out.values()].sort((x, y) => x.date.localeCompare(y.date) || x.asset.localeCompare(y.asset));
  process.stdout.write('date,asset,close,source\n' + rows.map((r) => `${r.date},${r.asset},${r.close},${r.source}`).join('\n') + '\n');
  if (missing.length) process.stderr.write(`no source has ${missing.length} close(s): ${missing.join(' ')}\n`);
}

function crosscheck(a) {
  const rows = csvRows(readFileSync(a.crosscheck, 'utf8'));
  const others = [];
  if (a.p17o) others.push(['p17o/daily-coingecko-prices', p17o(a.p17o, '', new Map())]);
  if (a.chronicle) {
    const c = chronicle(a.chronicle);
    // Its recent rows are CoinGecko /history snapshots at 00:00 UTC of their date (the close of the day before); its
    // older ones CryptoCompare daily closes. Both alignments are reported.
    others.push(['DeFi-Hack-Chronicle prices.json, same date', (asset, date) => (c.get(`${asset}|${date}`) ? { close: c.get(`${asset}|${date}`) } : null)]);
    others.push(['DeFi-Hack-Chronicle prices.json, next date', (asset, date) => (c.get(`${asset}|${nextDay(date)}`) ? { close: c.get(`${asset}|${nextDay(date)}`) } : null)]);
  }
  for (const [name, f] of others) {
    const diffs = [];
    for (const r of rows) {
      if (r.source.startsWith(name.split(' ')[0])) continue; // a source is not checked against itself
      const hit = f(r.asset, r.date);
      if (!hit) continue;
      const ours = Number(r.close), theirs = Number(hit.close);
      diffs.push({ r, theirs, rel: Math.abs(ours - theirs) / ours });
    }
    if (!diffs.length) { console.log(`${name}: no common (asset, date)`); continue; }
    const bySource = new Map([['all rows', diffs]]);
    for (const d of diffs) {
      const key = 'rows from ' + d.r.source.split(':')[0];
      if (!bySource.has(key)) bySource.set(key, []);
      bySource.get(key).push(d);
    }
    for (const [label, list] of bySource) {
      list.sort((x, y) => x.rel - y.rel);
      const median = list[Math.floor(list.length / 2)].rel;
      const max = list[list.length - 1];
      console.log(`${name}, ${label}: ${list.length} common closes, median relative difference ${(median * 100).toFixed(2)} %, max ${(max.rel * 100).toFixed(2)} % (${max.r.asset} ${max.r.date}: ${max.r.close} vs ${max.theirs})`);
    }
    for (const d of diffs.filter((x) => x.rel > 0.02)) console.log(`  over 2 %: ${d.r.asset} ${d.r.date} ${d.r.close} vs ${d.theirs} (${(d.rel * 100).toFixed(1)} %)`);
  }
}

const a = args();
if (a.crosscheck) crosscheck(a);
else if (a.needs) build(a);
else {
  process.stderr.write('usage: build-daily-usd.mjs --needs FILE [--coinmetrics DIR --coinmetrics-commit SHA] [--p17o DIR --p17o-commit SHA] [--keep FILE]\n'
    + '       build-daily-usd.mjs --crosscheck FILE [--p17o DIR] [--chronicle prices.json]\n');
  process.exit(2);
}
