import { describe, expect, it } from "vitest";
import { normalizeSlackChannel, SLACK_CHANNEL } from "./slack-channel.ts";

describe("Slack channels", () => {
  it("accepts names with # and channel ids", () => {
    for (const channel of ["#learnings", "#eng.learnings", "#team_2-x", "C0123ABCD", "G01ABCDEF"]) expect(SLACK_CHANNEL.test(channel), channel).toBe(true);
    for (const channel of ["learnings", "#Learnings", "#two words", `#${"a".repeat(81)}`, "C01", "@someone"]) expect(SLACK_CHANNEL.test(channel), channel).toBe(false);
  });

  it("reads what a person typed: a bare name gets its #, an id stays, empty is none", () => {
    expect(normalizeSlackChannel(" learnings ")).toBe("#learnings");
    expect(normalizeSlackChannel("#learnings")).toBe("#learnings");
    expect(normalizeSlackChannel("C0123ABCD")).toBe("C0123ABCD");
    expect(normalizeSlackChannel("   ")).toBeNull();
  });
});
