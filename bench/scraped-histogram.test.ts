import { describe, expect, it } from "vitest";
import { boundHolding, describeHistogram, histogramSince, parseHistogram } from "./scraped-histogram.ts";

const NAME = "plumbline_gate_decision_write_batch_size";

function exposition(buckets: [string, number][], sum: number, count: number): string {
  return [
    `# HELP ${NAME} Deploy decisions written together in one statement.`,
    `# TYPE ${NAME} histogram`,
    ...buckets.map(([le, value]) => `${NAME}_bucket{le="${le}"} ${value}`),
    `${NAME}_sum ${sum}`,
    `${NAME}_count ${count}`,
    `other_metric_count 99`,
  ].join("\n");
}

describe("scraped histogram", () => {
  it("reads count, sum and cumulative buckets, and reports the difference between two scrapes as shares per bucket", () => {
    const before = parseHistogram(exposition([["1", 10], ["2", 10], ["4", 10], ["+Inf", 10]], 10, 10), NAME);
    const after = parseHistogram(exposition([["1", 30], ["2", 40], ["4", 50], ["+Inf", 50]], 110, 50), NAME);
    expect(before).toEqual({ count: 10, sum: 10, buckets: new Map([["1", 10], ["2", 10], ["4", 10], ["+Inf", 10]]) });
    const run = histogramSince(after, before);
    expect(run.count).toBe(40);
    expect(run.sum).toBe(100);
    expect(describeHistogram(run)).toBe("mean 2.50 over 40; ≤1 50 %, ≤2 25 %, ≤4 25 %");
    expect(boundHolding(run, 0.5)).toBe("1");
    expect(boundHolding(run, 0.95)).toBe("4");
    expect(boundHolding(histogramSince(before, before), 0.95)).toBeNull();
  });

  it("reads one labelled series, and not the others of the same histogram", () => {
    const name = "plumbline_embedded_db_turn_wait_seconds";
    const text = [
      `${name}_bucket{le="0.01",priority="normal"} 5`,
      `${name}_bucket{le="+Inf",priority="normal"} 6`,
      `${name}_sum{priority="normal"} 0.5`,
      `${name}_count{priority="normal"} 6`,
      `${name}_bucket{le="0.01",priority="background"} 1`,
      `${name}_bucket{le="+Inf",priority="background"} 3`,
      `${name}_sum{priority="background"} 2`,
      `${name}_count{priority="background"} 3`,
    ].join("\n");
    expect(parseHistogram(text, name, { priority: "background" })).toEqual({ count: 3, sum: 2, buckets: new Map([["0.01", 1], ["+Inf", 3]]) });
    expect(parseHistogram(text, name, { priority: "normal" }).count).toBe(6);
    expect(parseHistogram(text, name).count).toBe(0);
  });

  it("says when nothing was observed, and ignores other metrics", () => {
    const scrape = parseHistogram("other_metric_count 99\n", NAME);
    expect(scrape.count).toBe(0);
    expect(describeHistogram(scrape)).toBe("no observations");
  });
});
