// A Prometheus histogram scraped from the server's /metrics, and the difference between two
// scrapes: how a bench reports what happened inside the server during one run (e.g. how many
// decisions each group-commit statement carried) without reaching into its process.

export interface THistogramScrape {
  count: number;
  sum: number;
  /** Cumulative counts by upper bound (`le`), as exposed; +Inf included. */
  buckets: Map<string, number>;
}

/** The unlabelled histogram `name` in Prometheus text exposition format (zeros when absent). */
export function parseHistogram(text: string, name: string): THistogramScrape {
  const scrape: THistogramScrape = { count: 0, sum: 0, buckets: new Map() };
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name}_count `)) scrape.count = Number(line.slice(name.length + 7));
    else if (line.startsWith(`${name}_sum `)) scrape.sum = Number(line.slice(name.length + 5));
    else if (line.startsWith(`${name}_bucket{`)) {
      const match = /le="([^"]+)"\}\s+(\S+)$/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) scrape.buckets.set(match[1], Number(match[2]));
    }
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
