import { describe, expect, it } from "vitest";
import { assertEgressAllowedHost, assertEgressAllowedUrl } from "./egress-connect.ts";
import { decideAddress, decideResolved, EgressRefusedError, parseEgressAllowList, STRICT_EGRESS_POLICY, type TEgressPolicy } from "./egress-policy.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { readEgressPolicy } from "./egress-settings.ts";

const strict = STRICT_EGRESS_POLICY;

describe("egress policy: the decision table", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.8.9.10", "a loopback address"],
    ["::1", "a loopback address"],
    ["169.254.169.254", "a link-local address (where cloud metadata services live)"],
    ["fe80::1", "a link-local address (where cloud metadata services live)"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["100.64.0.1", "a carrier-grade NAT (shared) address"],
    ["fd00::1", "a unique-local (private) IPv6 address"],
    ["fc00::1", "a unique-local (private) IPv6 address"],
    ["0.0.0.0", "the unspecified address"],
    ["::", "the unspecified address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "the broadcast address"],
    ["::ffff:10.0.0.1", "a private address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:169.254.169.254", "a link-local address (where cloud metadata services live)"],
    ["64:ff9b::7f00:1", "a NAT64 address"],
    ["::7f00:1", "an IPv4-compatible IPv6 address"],
    ["[::1]", "a loopback address"],
  ])("refuses %s (%s)", (address, kind) => {
    expect(decideAddress(strict, address)).toMatchObject({ allowed: false, kind });
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])("allows the public address %s", (address) => {
    expect(decideAddress(strict, address)).toEqual({ allowed: true });
  });

  it("names the IPv4 inside an IPv4-mapped address", () => {
    expect(decideAddress(strict, "::ffff:127.0.0.1")).toMatchObject({ address: "127.0.0.1" });
  });

  it("allows loopback, and only loopback, when the embedded default asks for it", () => {
    const local: TEgressPolicy = { allowLoopback: true, allow: [] };
    expect(decideAddress(local, "127.0.0.1")).toEqual({ allowed: true });
    expect(decideAddress(local, "::1")).toEqual({ allowed: true });
    expect(decideAddress(local, "::ffff:127.0.0.1")).toEqual({ allowed: true });
    expect(decideAddress(local, "169.254.169.254")).toMatchObject({ allowed: false });
    expect(decideAddress(local, "10.0.0.1")).toMatchObject({ allowed: false });
  });

  it("allows what PLUMBLINE_EGRESS_ALLOW lists: CIDRs, single addresses and host names", () => {
    const policy: TEgressPolicy = { allowLoopback: false, allow: parseEgressAllowList(" 10.20.0.0/16 , fd00:1::/32,192.168.1.7, prometheus.internal., 127.0.0.1/32") };
    expect(decideAddress(policy, "10.20.3.4")).toEqual({ allowed: true });
    expect(decideAddress(policy, "::ffff:10.20.3.4")).toEqual({ allowed: true });
    expect(decideAddress(policy, "10.21.0.1")).toMatchObject({ allowed: false });
    expect(decideAddress(policy, "fd00:1::5")).toEqual({ allowed: true });
    expect(decideAddress(policy, "fd00:2::5")).toMatchObject({ allowed: false });
    expect(decideAddress(policy, "192.168.1.7")).toEqual({ allowed: true });
    expect(decideAddress(policy, "192.168.1.8")).toMatchObject({ allowed: false });
    expect(decideAddress(policy, "127.0.0.1")).toEqual({ allowed: true });
    expect(decideAddress(policy, "127.0.0.2")).toMatchObject({ allowed: false });
    expect(decideResolved(policy, "Prometheus.Internal", ["10.9.9.9"])).toEqual({ allowed: true });
    expect(decideResolved(policy, "other.internal", ["10.9.9.9"])).toMatchObject({ allowed: false });
  });

  it("refuses a name when any one of its addresses is refused", () => {
    expect(decideResolved(strict, "mixed.example", ["93.184.216.34", "10.0.0.1"])).toMatchObject({ allowed: false, address: "10.0.0.1" });
    expect(decideResolved(strict, "public.example", ["93.184.216.34", "2606:2800:220:1::1"])).toEqual({ allowed: true });
  });

  it.each(["10.0.0.0/33", "not a host!", "10.0.0/8x"])("rejects the setting entry %j naming the setting", (entry) => {
    expect(() => parseEgressAllowList(entry)).toThrow(/PLUMBLINE_EGRESS_ALLOW/);
  });

  it("reads the setting once per value; loopback is allowed without DATABASE_URL or in demo mode only", () => {
    expect(readEgressPolicy(parseConfig({})).allowLoopback).toBe(true);
    expect(readEgressPolicy(parseConfig({ DATABASE_URL: "postgres://db/x", PLUMBLINE_DEMO: "0" })).allowLoopback).toBe(false);
    expect(readEgressPolicy(parseConfig({ DATABASE_URL: "postgres://db/x", PLUMBLINE_DEMO: "1" })).allowLoopback).toBe(true);
    const listed = readEgressPolicy(parseConfig({ DATABASE_URL: "postgres://db/x", PLUMBLINE_EGRESS_ALLOW: "10.0.0.0/8" }));
    expect(decideAddress(listed, "10.1.2.3")).toEqual({ allowed: true });
    expect(readEgressPolicy(parseConfig({ DATABASE_URL: "postgres://db/x", PLUMBLINE_EGRESS_ALLOW: "10.0.0.0/8" }))).toBe(listed);
  });
});

describe("egress policy: checking a URL an admin typed", () => {
  const policy = () => strict;
  const resolve = async (host: string) => (host === "internal.example" ? [{ address: "10.0.0.5", family: 4 }] : [{ address: "93.184.216.34", family: 4 }]);

  it("says what the address is and how to allow it", async () => {
    await expect(assertEgressAllowedUrl("http://127.0.0.1:9090", { policy, resolve })).rejects.toThrow(
      "127.0.0.1 is a loopback address; Plumbline does not connect to loopback, link-local or private addresses unless PLUMBLINE_EGRESS_ALLOW lists it",
    );
    await expect(assertEgressAllowedUrl("http://[::ffff:a9fe:a9fe]/", { policy, resolve })).rejects.toThrow(/^::ffff:a9fe:a9fe \(169\.254\.169\.254\) is a link-local address/);
    await expect(assertEgressAllowedUrl("https://internal.example/prometheus", { policy, resolve })).rejects.toThrow(
      /^internal\.example resolves to 10\.0\.0\.5, a private address; .*PLUMBLINE_EGRESS_ALLOW/,
    );
    await expect(assertEgressAllowedHost("internal.example", { policy, resolve })).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(assertEgressAllowedUrl("https://prometheus.example", { policy, resolve })).resolves.toBeUndefined();
  });

  it("normalizes the tricky spellings URLs allow before deciding", async () => {
    for (const url of ["http://0x7f.1/", "http://2130706433/", "http://127.1/", "http://0177.0.0.1/"]) {
      await expect(assertEgressAllowedUrl(url, { policy, resolve }), url).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    }
  });
});
