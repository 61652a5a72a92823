import { describe, expect, it } from "vitest";
import { canDecideApproval } from "./can-decide-approval.ts";

const approval = { teamSlug: "checkout", teamName: "Checkout", teamHasOwners: true };

describe("canDecideApproval", () => {
  it("lets an owner of the asked team decide", () => {
    expect(canDecideApproval({ id: "p", name: "Priya", membership: { role: "owner" } }, approval)).toEqual({ allowed: true });
  });
  it("refuses someone outside the team, naming the team", () => {
    const result = canDecideApproval({ id: "p", name: "Jane", membership: null }, approval);
    expect(result).toEqual({ allowed: false, reason: expect.stringContaining("not a member of Checkout") });
  });
  it("refuses a plain member when the team names owners", () => {
    const result = canDecideApproval({ id: "p", name: "Hana", membership: { role: "member" } }, approval);
    expect(result.allowed).toBe(false);
  });
  it("lets any member decide for a team without named owners", () => {
    expect(canDecideApproval({ id: "p", name: "Hana", membership: { role: "member" } }, { ...approval, teamHasOwners: false }).allowed).toBe(true);
  });
});
