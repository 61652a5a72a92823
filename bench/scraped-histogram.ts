// A Prometheus histogram scraped from the server's /metrics, and the difference between two
// scrapes: how a bench reports what happened inside the server during one run (e.g. how many
// decisions each group-commit statement carried) without reaching into its process.

export interface THistogramScrape {
  count: number;
  sum: number;
  /** Cumulative counts by upper bound (`le`), as exposed; +Inf included. */
  buckets: Map<string, number>;
}

/**
 * The histogram `name` in Prometheus text exposition format (zeros when absent): the series
 * whose labels, `le` aside, are exactly `labels` (none: the unlabelled histogram).
 */
export function parseHistogram(text: string, name: string, labels: Record<string, string> = {}): THistogramScrape {
  const scrape: THistogramScrape = { count: 0, sum: 0, buckets: new Map() };
  const wanted = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  for (const line of text.split("\n")) {
    const match = /^(\w+?)_(bucket|sum|count)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = [...(match[3] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key ?? "", value ?? ""] as const);
    const le = series.find(([key]) => key === "le")?.[1];
    const others = series.filter(([key]) => key !== "le").sort(([a], [b]) => a.localeCompare(b));
    if (JSON.stringify(others) !== JSON.stringify(wanted)) continue;
    const value = Number(match[4]);
    if (match[2] === "count") scrape.count = value;
    else if (match[2] === "sum") scrape.sum = value;
    else if (le !== undefined) scrape.buckets.set(le, value);
  }
  return scrape;
}

/** What was observed between two scrapes of the same histogram. */
export function histogramSince(after: THistogramScrape, before: THistogramScrape): THistogramScrape {
  const buckets = new Map<string, number>();
  for (const [le, count] of after.buckets) buckets.set(le, count - (before.buckets.get(le) ?? 0));
  return { count: after.count - before.count, sum: after.sum - before.sum, buckets };
}

/** "mean 3.1; ≤1 40 %, ≤2 …": the share of observations in each bucket (not cumulative). */
export function describeHistogram(scrape: THistogramScrape): string {
  if (scrape.count === 0) return "no observations";
  let previous = 0;
  const shares: string[] = [];
  for (const [le, cumulative] of scrape.buckets) {
    const inBucket = cumulative - previous;
    previous = cumulative;
    if (inBucket > 0) shares.push(`${le === "+Inf" ? ">" : "≤"}${le === "+Inf" ? "last" : le} ${((inBucket / scrape.count) * 100).toFixed(0)} %`);
  }
  return `mean ${(scrape.sum / scrape.count).toFixed(2)} over ${scrape.count}; ${shares.join(", ")}`;
}

/** The smallest bucket bound (`le`) that holds `share` (0–1) of the observations: "p95 ≤ 0.01"; null without observations. */
export function boundHolding(scrape: THistogramScrape, share: number): string | null {
  if (scrape.count === 0) return null;
  for (const [le, cumulative] of scrape.buckets) if (cumulative >= share * scrape.count) return le;
  return "+Inf";
}
