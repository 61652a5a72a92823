import { describe, expect, it } from "vitest";
import { parseHttpUrl } from "./parse-http-url.ts";

describe("parseHttpUrl", () => {
  it.each([
    ["https://grafana.acme.example/d/checkout", "https://grafana.acme.example/d/checkout"],
    ["http://localhost:3000/x", "http://localhost:3000/x"],
    ["  https://acme.example  ", "https://acme.example"],
    ["ftp://acme.example/file", null],
    ["javascript:alert(1)", null],
    ["acme.example/runbook", null],
    ["not a url", null],
    ["", null],
  ])("%j → %j", (value, expected) => {
    expect(parseHttpUrl(value)).toBe(expected);
  });
});
