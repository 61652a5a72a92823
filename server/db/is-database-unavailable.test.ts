import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./is-database-unavailable.ts";

function withCode(code: string, message = "x"): Error {
  return Object.assign(new Error(message), { code });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["Prisma P1001 (can't reach)", withCode("P1001")],
    ["Prisma P1017 (server closed the connection)", withCode("P1017")],
    ["Prisma P2024 (pool timeout)", withCode("P2024")],
    ["a driver adapter error in Prisma's meta", Object.assign(new Error("x"), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })],
    ["a bare DriverAdapterError", Object.assign(new Error("x"), { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } })],
    ["Postgres admin_shutdown (57P01)", withCode("57P01", "terminating connection due to administrator command")],
    ["Postgres starting up (57P03)", withCode("57P03")],
    ["a connection exception (08006)", withCode("08006")],
    ["ECONNREFUSED wrapped as a cause", new Error("query failed", { cause: withCode("ECONNREFUSED") })],
    ["pg's 'Connection terminated unexpectedly'", new Error("Connection terminated unexpectedly")],
  ])("%s → unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", withCode("P2002")],
    ["a syntax error (42601)", withCode("42601")],
    ["a plain error", new Error("boom")],
    ["not an error", "P1001"],
    ["null", null],
  ])("%s → not unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
