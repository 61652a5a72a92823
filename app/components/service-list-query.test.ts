import { describe, expect, it } from "vitest";
import { parseServiceListQuery } from "./parse-service-list-query.ts";
import { isServiceListFiltered, toServiceListSearch } from "./service-list-query.ts";

describe("the services list's stale and archived filters in the URL", () => {
  it.each([
    ["stale only", { stale: "true" }, "stale=true"],
    ["not stale", { stale: "false" }, "stale=false"],
    ["the archive", { archived: "true" }, "archived=true"],
    ["none", {}, ""],
  ])("%s round-trips through the query string", (_name, raw, search) => {
    const { query, problems } = parseServiceListQuery(raw);
    expect(problems).toEqual([]);
    expect(toServiceListSearch(query)).toBe(search);
    expect(isServiceListFiltered(query)).toBe(search !== "");
  });

  it("drops a value it does not know and says so, keeping the other filters", () => {
    const { query, problems } = parseServiceListQuery({ stale: "maybe", tier: "1" });
    expect(problems).toEqual(["stale: stale must be true or false"]);
    expect(query.stale).toBeUndefined();
    expect(query.tier).toBe(1);
  });
});
