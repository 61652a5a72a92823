import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { TEST_DATABASE_KINDS, openTestDatabase } from "@/server/testing/test-databases.ts";
import { getLearningsChannelSetting, setLearningsChannel, ZLearningsChannel } from "./learnings-channel.ts";

describe("ZLearningsChannel", () => {
  it("takes a channel name with or without #, or a channel id, and empty for none", () => {
    expect(ZLearningsChannel.parse("#learnings")).toBe("#learnings");
    expect(ZLearningsChannel.parse("  team_learnings-2 ")).toBe("#team_learnings-2");
    expect(ZLearningsChannel.parse("eng.learnings")).toBe("#eng.learnings");
    expect(ZLearningsChannel.parse("C0123ABCDE")).toBe("C0123ABCDE");
    expect(ZLearningsChannel.parse("G01ABCDEFG")).toBe("G01ABCDEFG");
    expect(ZLearningsChannel.parse("")).toBeNull();
  });

  it("refuses what Slack would not accept, saying what a channel looks like", () => {
    for (const bad of ["#Learnings", "#two words", "#" + "a".repeat(81), "https://example.slack.com/archives/C0123", "@someone", "C01"]) {
      const parsed = ZLearningsChannel.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("lowercase letters");
    }
  });
});

describe.each(TEST_DATABASE_KINDS)("learnings channel setting on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let organizationId: string;
  let otherId: string;
  let restoreConfig: (() => void) | null = null;
  const person = (role: "admin" | "member"): TActor => ({ kind: "user", userId: `u-${role}`, personId: `p-${role}`, role, name: role, email: `${role}@learnings.test` });
  const configure = (variables: Record<string, string>) => {
    restoreConfig = overrideConfig(parseConfig(variables));
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    organizationId = (await upsertOrganization("learnings-a", "A")).id;
    otherId = (await upsertOrganization("learnings-b", "B")).id;
  });
  afterEach(() => {
    restoreConfig?.();
    restoreConfig = null;
  });
  afterAll(async () => {
    await db.close();
  });

  it("posts nowhere without a Slack bot token, whatever is chosen", async () => {
    configure({ SLACK_LEARNINGS_CHANNEL: "#default" });
    await setLearningsChannel(organizationId, person("admin"), "#ours");
    expect(await getLearningsChannelSetting(organizationId)).toEqual({ own: "#ours", deploymentDefault: "#default", effective: null, slackConfigured: false });
  });

  it("uses the organization's own channel, else the deployment's default, and clears back to the default", async () => {
    configure({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "secret", SLACK_LEARNINGS_CHANNEL: "#default" });
    await setLearningsChannel(organizationId, person("admin"), "#ours");
    expect(await getLearningsChannelSetting(organizationId)).toMatchObject({ own: "#ours", effective: "#ours", slackConfigured: true });
    // Another organization's setting is its own.
    expect(await getLearningsChannelSetting(otherId)).toMatchObject({ own: null, effective: "#default" });
    await setLearningsChannel(organizationId, person("admin"), null);
    expect(await getLearningsChannelSetting(organizationId)).toMatchObject({ own: null, effective: "#default" });
  });

  it("is an admin's choice", async () => {
    await expect(setLearningsChannel(organizationId, person("member"), "#mine")).rejects.toMatchObject({ status: 403 });
    expect((await getLearningsChannelSetting(organizationId)).own).toBeNull();
  });
});
