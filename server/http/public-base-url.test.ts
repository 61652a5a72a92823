import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";
import { publicBaseUrl } from "./public-base-url.ts";

describe("publicBaseUrl", () => {
  const forwarded = new Request("http://internal:3000/api/v1/deploy-requests", {
    headers: { host: "internal:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
  });

  it("prefers PLUMBLINE_PUBLIC_URL", () => {
    expect(publicBaseUrl(forwarded, parseConfig({ PLUMBLINE_PUBLIC_URL: "https://plumbline.example.com/" }))).toBe("https://plumbline.example.com");
  });

  it("believes X-Forwarded-* only behind a trusted proxy", () => {
    expect(publicBaseUrl(forwarded, parseConfig({}))).toBe("http://internal:3000");
    expect(publicBaseUrl(forwarded, parseConfig({ PLUMBLINE_TRUST_PROXY: "1" }))).toBe("https://evil.example");
  });

  it("falls back to localhost and the port without a request", () => {
    expect(publicBaseUrl(null, parseConfig({ PORT: "4100" }))).toBe("http://localhost:4100");
  });
});
