import { describe, expect, it } from "vitest";
import { parseLatencySloAnnotation } from "./parse-latency-slo-annotation.ts";

describe("parseLatencySloAnnotation", () => {
  it.each([
    ["300ms:99", 300, 99],
    ["0.3s:99.9", 300, 99.9],
    ["1s:95", 1_000, 95],
    ["1.1s:99", 1_100, 99],
    [" 250ms : 99.5 ", 250, 99.5],
  ])("accepts %j", (text, thresholdMs, objective) => {
    expect(parseLatencySloAnnotation(text)).toEqual({ ok: true, value: { thresholdMs, objective } });
  });

  it.each([
    ["banana", "annotation", "banana", 'latency SLO "banana" must look like <threshold>:<objective>, e.g. "300ms:99.9"'],
    ["300ms:99:1", "annotation", "300ms:99:1", 'latency SLO "300ms:99:1" must look like <threshold>:<objective>, e.g. "300ms:99.9"'],
    ["300:99.9.9", "threshold", "300", 'latency threshold "300" needs a unit, e.g. "300ms" or "300s"'],
    ["ms:99", "threshold", "ms", 'latency threshold "ms" must be a duration such as "300ms" or "0.3s"'],
    ["300m:99", "threshold", "300m", 'latency threshold "300m" must be a duration such as "300ms" or "0.3s"'],
    ["0ms:99", "threshold", "0ms", 'latency threshold "0ms" must be above zero'],
    ["0.5ms:99", "threshold", "0.5ms", 'latency threshold "0.5ms" must be a whole number of milliseconds'],
    ["300ms:100", "objective", "100", 'objective "100" must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9"'],
    ["300ms:99.9.9", "objective", "99.9.9", 'objective "99.9.9" must be a percentage such as "99.9"'],
    ["300ms:", "objective", "", 'objective "" must be a percentage such as "99.9"'],
  ])("rejects %j, naming the %s", (text, part, input, message) => {
    expect(parseLatencySloAnnotation(text)).toEqual({ ok: false, error: { part, input, message } });
  });
});
