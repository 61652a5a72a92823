import { describe, expect, it } from "vitest";
import { DEFAULT_LATENCY_HISTOGRAMS } from "@/domain/telemetry/default-latency-buckets.ts";
import { latencyErrorRatioExpr } from "./latency-rule-expr.ts";

/** `R(metric|matchers)`: keeps the expressions short enough to compare whole. */
const rate = (metric: string, more: readonly { name: string; op: string; value: string }[]) => `R(${metric}|${more.map((m) => `${m.name}${m.op}${m.value}`).join(",")})`;
const ms = "istio_request_duration_milliseconds_bucket";
const s = "istio_request_duration_seconds_bucket";
const [istioV2] = DEFAULT_LATENCY_HISTOGRAMS.istio;
if (istioV2 === undefined) throw new Error("no Istio histogram");

describe("latencyErrorRatioExpr", () => {
  it.each([
    ["a bucket bound reads that bucket", 250, `1 - ((R(${ms}|le=~250([.]0)?)) / (R(${ms}|le=+Inf)))`, null],
    [
      "between two bounds interpolates within the bucket (300 ms: a fifth of the way from 250 to 500)",
      300,
      `1 - (((R(${ms}|le=~250([.]0)?) + (R(${ms}|le=~500([.]0)?) - R(${ms}|le=~250([.]0)?)) * 0.2)) / (R(${ms}|le=+Inf)))`,
      /^300 ms is not a bucket bound of istio_request_duration_milliseconds_bucket: interpolated between the 250 ms and 500 ms buckets/,
    ],
    ["below the first bound, from 0 as histogram_quantile does", 0.25, `1 - (((R(${ms}|le=~0[.]5) * 0.5)) / (R(${ms}|le=+Inf)))`, /between the 0 ms and 0.5 ms buckets/],
    [
      "above the highest finite bound rounds down and says so",
      7_200_000,
      `1 - ((R(${ms}|le=~3600000([.]0)?)) / (R(${ms}|le=+Inf)))`,
      /^7200000 ms is above the highest finite bucket of istio_request_duration_milliseconds_bucket \(3600000 ms\): rounded down to 3600000 ms, so requests between the two count as slow\.$/,
    ],
  ] as const)("%s", (_name, thresholdMs, expr, note) => {
    const result = latencyErrorRatioExpr(thresholdMs, [istioV2], rate);
    expect(result.expr).toBe(expr);
    if (note === null) expect(result.note).toBeNull();
    else expect(result.note).toMatch(note);
  });

  it("falls back to Istio 1.1 Mixer's seconds histogram (`or`), with the threshold in seconds", () => {
    const result = latencyErrorRatioExpr(100, DEFAULT_LATENCY_HISTOGRAMS.istio, rate);
    expect(result.expr).toBe(`1 - ((R(${ms}|le=~100([.]0)?) or R(${s}|le=~0[.]1)) / (R(${ms}|le=+Inf) or R(${s}|le=+Inf)))`);
    expect(result.note).toBeNull();
    const between = latencyErrorRatioExpr(300, DEFAULT_LATENCY_HISTOGRAMS.istio, rate);
    expect(between.expr).toContain(`(R(${s}|le=~0[.]25) + (R(${s}|le=~0[.]5) - R(${s}|le=~0[.]25)) * 0.2)`);
    expect(between.note).toMatch(/istio_request_duration_seconds_bucket: interpolated between the 250 ms and 500 ms buckets/);
  });

  it("uses each source's own bounds: 300 ms is a Linkerd bucket", () => {
    expect(latencyErrorRatioExpr(300, DEFAULT_LATENCY_HISTOGRAMS.linkerd, rate).note).toBeNull();
    expect(latencyErrorRatioExpr(300, DEFAULT_LATENCY_HISTOGRAMS.otel, rate).note).toMatch(/between the 200 ms and 400 ms buckets/);
  });

  it("refuses a threshold that is not a positive number", () => {
    expect(() => latencyErrorRatioExpr(0, [istioV2], rate)).toThrow(RangeError);
    expect(() => latencyErrorRatioExpr(Number.NaN, [istioV2], rate)).toThrow(RangeError);
  });
});
