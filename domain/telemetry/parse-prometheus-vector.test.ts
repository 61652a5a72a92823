import { describe, expect, it } from "vitest";
import { parsePrometheusMatrix, parsePrometheusVector, parseSampleValue } from "./parse-prometheus-vector.ts";
import { TelemetryDataError } from "./telemetry-data-error.ts";

const T = 1_700_000_000.123;

describe("parseSampleValue", () => {
  it.each([
    ["12.5", 12.5],
    ["0", 0],
    ["-3", -3],
    ["1e-7", 1e-7],
    ["4.2E+03", 4200],
    [".5", 0.5],
  ])("reads %s", (text, value) => {
    expect(parseSampleValue(text)).toBe(value);
  });
  it.each([
    ["", '"" is not a number'],
    [" 1", '" 1" is not a number'],
    ["0x10", '"0x10" is not a number'],
    ["+Inf", '"+Inf" is not a finite number'],
    ["-Inf", '"-Inf" is not a finite number'],
    ["NaN", '"NaN" is not a number (the series has no usable value)'],
    ["twelve", '"twelve" is not a number'],
  ])("refuses %j", (text, message) => {
    expect(parseSampleValue(text)).toBe(message);
  });
  it("accepts NaN only when asked to", () => {
    expect(parseSampleValue("NaN", { allowNaN: true })).toBeNaN();
  });
});

describe("parsePrometheusVector", () => {
  it("reads labels, value and timestamp", () => {
    const data = { resultType: "vector", result: [{ metric: { a: "x" }, value: [T, "2.5"] }] };
    expect(parsePrometheusVector(data, "test")).toEqual([{ labels: { a: "x" }, value: 2.5, timestampSeconds: T }]);
  });
  it("reads an empty vector as no samples", () => {
    expect(parsePrometheusVector({ resultType: "vector", result: [] }, "test")).toEqual([]);
  });

  const garbage: [string, unknown, RegExp][] = [
    ["null", null, /Prometheus answer for test is not usable: data: must be an object with resultType and result/],
    ["a string", "<html>", /data: must be an object/],
    ["a scalar", { resultType: "scalar", result: [T, "1"] }, /expected a vector result, got resultType "scalar"/],
    ["a matrix", { resultType: "matrix", result: [] }, /expected a vector result, got resultType "matrix"/],
    ["no result", { resultType: "vector" }, /data\.result: must be a list of samples/],
    ["a sample without value", { resultType: "vector", result: [{ metric: {} }] }, /data\.result\.0\.value: must be a \[timestamp, "value"\] pair/],
    ["a numeric value", { resultType: "vector", result: [{ metric: {}, value: [T, 1] }] }, /data\.result\.0\.value/],
    ["a numeric label", { resultType: "vector", result: [{ metric: { a: 1 }, value: [T, "1"] }] }, /data\.result\.0\.metric\.a/],
    ["a NaN value", { resultType: "vector", result: [{ metric: { a: "x" }, value: [T, "NaN"] }] }, /data\.result\[0\] \{a="x"\}: "NaN" is not a number/],
    ["an infinite value", { resultType: "vector", result: [{ metric: {}, value: [T, "+Inf"] }] }, /"\+Inf" is not a finite number/],
  ];
  it.each(garbage)("refuses %s with a TelemetryDataError", (_name, data, message) => {
    expect(() => parsePrometheusVector(data, "test")).toThrow(TelemetryDataError);
    expect(() => parsePrometheusVector(data, "test")).toThrow(message);
  });

  it("lists at most five problems and counts the rest", () => {
    const result = Array.from({ length: 7 }, (_, i) => ({ metric: { i: String(i) }, value: [T, "NaN"] }));
    try {
      parsePrometheusVector({ resultType: "vector", result }, "test");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TelemetryDataError);
      const e = error as TelemetryDataError;
      expect(e.problems).toHaveLength(7);
      expect(e.message).toMatch(/\(and 2 more\)$/);
      expect(e.what).toBe("test");
    }
  });
});

describe("parsePrometheusMatrix", () => {
  it("reads series of points", () => {
    const data = { resultType: "matrix", result: [{ metric: { job: "p" }, values: [[T, "1"], [T + 1, "2"]] }] };
    expect(parsePrometheusMatrix(data, "range")).toEqual([
      { labels: { job: "p" }, points: [{ timestampSeconds: T, value: 1 }, { timestampSeconds: T + 1, value: 2 }] },
    ]);
  });
  it("refuses a vector and bad points", () => {
    expect(() => parsePrometheusMatrix({ resultType: "vector", result: [] }, "range")).toThrow(/expected a matrix result/);
    const bad = { resultType: "matrix", result: [{ metric: {}, values: [[T, "oops"]] }] };
    expect(() => parsePrometheusMatrix(bad, "range")).toThrow(/data\.result\[0\]\.values\[0\] \{\}: "oops" is not a number/);
  });
});
