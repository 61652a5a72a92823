import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-errors.ts";

describe("signInErrorMessage", () => {
  it("says why another organization's IdP could not sign in to an existing account, and what to do", () => {
    expect(signInErrorMessage("sso_account_not_vouched")).toMatch(/already has a Plumbline account.*does not vouch for.*Sign in the way you did before/s);
  });

  it("keeps the general message for other failures and for the completion page's 'sso'", () => {
    expect(signInErrorMessage("sso")).toMatch(/Single sign-on did not complete/);
    expect(signInErrorMessage("<script>alert(1)</script>")).toMatch(/Single sign-on did not complete/);
  });

  it("picks the known code when the query repeats `error`", () => {
    expect(signInErrorMessage(["sso", "sso_account_not_vouched"])).toMatch(/does not vouch for/);
  });

  it("says nothing without an error", () => {
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
