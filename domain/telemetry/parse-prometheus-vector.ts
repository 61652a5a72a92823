import { z } from "zod";
import { TelemetryDataError } from "./telemetry-data-error.ts";

/**
 * Validation of the `data` member of Prometheus HTTP API answers. Prometheus sends
 * sample values as strings ("12.5", "NaN", "+Inf") to keep full float precision; they
 * are parsed strictly here, because `Number("")` is 0 and a silent 0 would read as
 * "no errors".
 */

export interface VectorSample {
  labels: Record<string, string>;
  /** Finite, or NaN when the caller allowed it (e.g. `histogram_quantile` of no traffic). */
  value: number;
  timestampSeconds: number;
}

export interface MatrixSeries {
  labels: Record<string, string>;
  points: { timestampSeconds: number; value: number }[];
}

export interface ParseSampleOptions {
  /** Accept "NaN" (mapped to NaN). Infinities are never accepted. */
  allowNaN?: boolean;
}

const ZSamplePair = z.tuple([z.number(), z.string()], { error: "must be a [timestamp, \"value\"] pair" });
const ZLabels = z.record(z.string(), z.string(), { error: "must be an object of string labels" });

// Checked first, so a scalar where a vector was expected says so instead of listing shape errors.
const ZResultType = z.object({ resultType: z.string({ error: "must be text" }) }, { error: "must be an object with resultType and result" });

const ZVectorData = z.object({
  result: z.array(z.object({ metric: ZLabels, value: ZSamplePair }, { error: "must be a {metric, value} sample" }), {
    error: "must be a list of samples",
  }),
});

const ZMatrixData = z.object({
  result: z.array(z.object({ metric: ZLabels, values: z.array(ZSamplePair) }, { error: "must be a {metric, values} series" }), {
    error: "must be a list of series",
  }),
});

// Go's strconv.FormatFloat output, which is what Prometheus writes.
const FLOAT_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a Prometheus sample value; returns an error message instead of a number when unusable. */
export function parseSampleValue(text: string, options: ParseSampleOptions = {}): number | string {
  if (text === "NaN") return options.allowNaN ? Number.NaN : `"NaN" is not a number (the series has no usable value)`;
  if (FLOAT_TEXT.test(text)) return Number(text);
  if (text === "+Inf" || text === "-Inf" || text === "Inf") return `"${text}" is not a finite number`;
  return `${JSON.stringify(text)} is not a number`;
}

function checkResultType(data: unknown, expected: "vector" | "matrix", what: string): void {
  const parsed = ZResultType.safeParse(data);
  if (!parsed.success) throw new TelemetryDataError(what, zodProblems(parsed.error));
  if (parsed.data.resultType !== expected) {
    throw new TelemetryDataError(what, [`expected a ${expected} result, got resultType ${JSON.stringify(parsed.data.resultType)}`]);
  }
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `data.${issue.path.join(".")}` : "data"}: ${issue.message}`);
}

/** `describeLabels({a: "x"})` → `{a="x"}`, the way Prometheus prints series. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(", ")}}`;
}

/** Validates an instant-query `data` holding a vector; throws TelemetryDataError on anything else. */
export function parsePrometheusVector(data: unknown, what: string, options: ParseSampleOptions = {}): VectorSample[] {
  checkResultType(data, "vector", what);
  const parsed = ZVectorData.safeParse(data);
  if (!parsed.success) throw new TelemetryDataError(what, zodProblems(parsed.error));
  const problems: string[] = [];
  const samples: VectorSample[] = [];
  parsed.data.result.forEach((sample, index) => {
    const value = parseSampleValue(sample.value[1], options);
    if (typeof value === "string") problems.push(`data.result[${index}] ${describeLabels(sample.metric)}: ${value}`);
    else samples.push({ labels: sample.metric, value, timestampSeconds: sample.value[0] });
  });
  if (problems.length > 0) throw new TelemetryDataError(what, problems);
  return samples;
}

/** Validates a range-query `data` holding a matrix; throws TelemetryDataError on anything else. */
export function parsePrometheusMatrix(data: unknown, what: string, options: ParseSampleOptions = {}): MatrixSeries[] {
  checkResultType(data, "matrix", what);
  const parsed = ZMatrixData.safeParse(data);
  if (!parsed.success) throw new TelemetryDataError(what, zodProblems(parsed.error));
  const problems: string[] = [];
  const series = parsed.data.result.map((entry, index) => ({
    labels: entry.metric,
    points: entry.values.flatMap(([timestampSeconds, text], pointIndex) => {
      const value = parseSampleValue(text, options);
      if (typeof value === "string") {
        problems.push(`data.result[${index}].values[${pointIndex}] ${describeLabels(entry.metric)}: ${value}`);
        return [];
      }
      return [{ timestampSeconds, value }];
    }),
  }));
  if (problems.length > 0) throw new TelemetryDataError(what, problems);
  return series;
}
