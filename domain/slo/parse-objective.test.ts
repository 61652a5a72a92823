import { describe, expect, it } from "vitest";
import { parseObjective } from "./parse-objective.ts";

describe("parseObjective", () => {
  it.each([
    ["99.9", 99.9],
    ["99", 99],
    ["99.99%", 99.99],
    [" 95 % ", 95],
    ["0.5", 0.5],
    ["99.999", 99.999],
  ])("accepts %j → %s", (text, objective) => {
    expect(parseObjective(text)).toEqual({ ok: true, value: objective });
  });

  it.each([
    ["100", 'objective "100" must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9"'],
    ["0", 'objective "0" must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9"'],
    ["150", 'objective "150" must be above 0 and below 100 (100 leaves no error budget), e.g. "99.9"'],
    ["-1", 'objective "-1" must be a percentage such as "99.9"'],
    ["99.9.9", 'objective "99.9.9" must be a percentage such as "99.9"'],
    ["banana", 'objective "banana" must be a percentage such as "99.9"'],
    ["", 'objective "" must be a percentage such as "99.9"'],
    ["1e1", 'objective "1e1" must be a percentage such as "99.9"'],
    ["Infinity", 'objective "Infinity" must be a percentage such as "99.9"'],
    [".9", 'objective ".9" must be a percentage such as "99.9"'],
  ])("rejects %j", (text, message) => {
    expect(parseObjective(text)).toEqual({ ok: false, error: { part: "objective", input: text, message } });
  });
});
