import { describe, expect, it } from "vitest";
import { buildNewCallerMessage, formatRequestRate } from "./build-new-caller-message.ts";

describe("new caller message", () => {
  it("says who started calling whom, at what rate", () => {
    const message = buildNewCallerMessage({ baseUrl: "https://p.example", caller: { slug: "search", name: "Search" }, callee: { slug: "pricing", name: "Pricing" }, requestRate: 40.2 });
    expect(message.text).toBe("search started calling pricing at 40 req/s");
    expect(JSON.stringify(message.blocks)).toContain("<https://p.example/services/search|Search>");
  });

  it("rounds small rates to a tenth", () => {
    expect(formatRequestRate(0.44)).toBe("0.4 req/s");
    expect(formatRequestRate(12.6)).toBe("13 req/s");
  });
});
