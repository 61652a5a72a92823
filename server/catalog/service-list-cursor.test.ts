import { describe, expect, it } from "vitest";
import { decodeServiceCursor, encodeServiceCursor, type TServiceCursor } from "./service-list-cursor.ts";

describe("services list cursor", () => {
  it.each<TServiceCursor>([
    { sort: "name", order: "asc", key: "Payments API", id: "3f0c" },
    { sort: "tier", order: "desc", key: 2, id: "a" },
    { sort: "budget", order: "asc", key: -0.125, id: "b" },
    { sort: "team", order: "asc", key: null, id: "c" },
  ])("round-trips %o through an opaque URL-safe string", (cursor) => {
    const text = encodeServiceCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeServiceCursor(text)).toEqual(cursor);
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["JSON of another shape", Buffer.from(JSON.stringify({ id: "x" })).toString("base64url")],
    ["an unknown sort", Buffer.from(JSON.stringify(["size", "asc", 1, "x"])).toString("base64url")],
    ["an unknown order", Buffer.from(JSON.stringify(["name", "up", "a", "x"])).toString("base64url")],
    ["a key that is an object", Buffer.from(JSON.stringify(["name", "asc", { a: 1 }, "x"])).toString("base64url")],
    ["an empty id", Buffer.from(JSON.stringify(["name", "asc", "a", ""])).toString("base64url")],
  ])("refuses %s", (_, text) => {
    expect(decodeServiceCursor(text)).toBeNull();
  });
});
