import { describe, expect, it } from "vitest";
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
