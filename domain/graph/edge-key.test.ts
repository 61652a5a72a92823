import { describe, expect, it } from "vitest";
import { edgeKey } from "./edge-key.ts";

describe("edgeKey", () => {
  it("names source, caller and callee", () => {
    expect(edgeKey("declared", "cart", "payments")).toBe("declared:cart->payments");
  });
  it("names callers outside the mesh unknown", () => {
    expect(edgeKey("mesh", null, "api-gateway")).toBe("mesh:unknown->api-gateway");
  });
  it("differs by source so declared and observed facts are both kept", () => {
    expect(edgeKey("mesh", "a", "b")).not.toBe(edgeKey("declared", "a", "b"));
  });
});
