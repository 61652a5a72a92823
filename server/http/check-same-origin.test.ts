import { describe, expect, it } from "vitest";
import { parseConfig } from "@/server/config/parse-config.ts";
import { isSameOriginMutation } from "./check-same-origin.ts";

const request = (method: string, headers: Record<string, string>) => new Request("http://plumbline.test/api/v1/policies", { method, headers });

describe("isSameOriginMutation", () => {
  it.each([
    ["GET from anywhere", request("GET", { host: "plumbline.test", origin: "https://evil.example" }), true],
    ["PUT from the same host", request("PUT", { host: "plumbline.test", origin: "http://plumbline.test" }), true],
    ["PUT from another site", request("PUT", { host: "plumbline.test", origin: "https://evil.example" }), false],
    ["PUT from a look-alike port", request("PUT", { host: "plumbline.test", origin: "http://plumbline.test:8080" }), false],
    ["DELETE without Origin, same-origin fetch metadata", request("DELETE", { host: "plumbline.test", "sec-fetch-site": "same-origin" }), true],
    ["DELETE without Origin, cross-site fetch metadata", request("DELETE", { host: "plumbline.test", "sec-fetch-site": "cross-site" }), false],
    ["POST with neither", request("POST", { host: "plumbline.test" }), false],
    ["POST with a garbage Origin", request("POST", { host: "plumbline.test", origin: "null" }), false],
  ])("%s → %s", (_label, input, expected) => {
    expect(isSameOriginMutation(input)).toBe(expected);
  });
});

describe("isSameOriginMutation behind a proxy", () => {
  const plain = parseConfig({});
  const behindProxy = parseConfig({ PLUMBLINE_TRUST_PROXY: "1" });
  const withPublicUrl = parseConfig({ PLUMBLINE_PUBLIC_URL: "https://plumbline.example.com" });
  const forged = request("PUT", { host: "plumbline.test", "x-forwarded-host": "evil.example", origin: "https://evil.example" });

  it("ignores X-Forwarded-Host from anyone unless PLUMBLINE_TRUST_PROXY says a proxy sets it", () => {
    expect(isSameOriginMutation(forged, plain)).toBe(false);
    expect(isSameOriginMutation(forged, behindProxy)).toBe(true);
  });

  it("accepts the configured public URL as an origin, and 127.0.0.1 as itself", () => {
    expect(isSameOriginMutation(request("PUT", { host: "10.0.0.5:3000", origin: "https://plumbline.example.com" }), withPublicUrl)).toBe(true);
    expect(isSameOriginMutation(request("PUT", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), plain)).toBe(true);
    expect(isSameOriginMutation(request("PUT", { host: "127.0.0.1:3000", origin: "http://127.0.0.2:3000" }), plain)).toBe(false);
  });
});
