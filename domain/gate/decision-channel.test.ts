import { describe, expect, it } from "vitest";
import { decisionChannelPhrase, isDecisionChannel } from "./decision-channel.ts";

describe("decisionChannelPhrase", () => {
  it.each([
    ["web", "on the web"],
    ["slack", "in Slack"],
    ["api", "through the API"],
    ["system", "by Plumbline"],
    ["gate", "by the gate"],
    ["email", "from an e-mail link"],
  ])("%s reads %s", (channel, phrase) => {
    expect(decisionChannelPhrase(channel)).toBe(phrase);
  });

  it.each([null, undefined, "", "ui", "toString", 3])("has no words for %s", (channel) => {
    expect(decisionChannelPhrase(channel)).toBeNull();
    expect(isDecisionChannel(channel)).toBe(false);
  });
});
