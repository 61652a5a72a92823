import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "pg-boss";
import { createSlackWebClient } from "@/integrations/slack/slack-web-client.ts";
import { FakeSlackServer } from "@/integrations/slack/testing/fake-slack-server.ts";
import { webApiSlackSender } from "@/integrations/slack/web-api-slack-sender.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertNotificationSettings } from "@/server/email/email.repository.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { setJobQueue, startJobQueue, stopJobQueue, type TJobQueue } from "@/server/jobs/job-queue.ts";
import { enqueuePendingNotifications } from "@/server/notifications/notification-jobs.ts";
import { NOTIFICATION_SEND_QUEUE, type TNotificationJobData } from "@/server/notifications/notification-queue.ts";
import { sendNotificationJob, type TNotificationJob } from "@/server/notifications/send-notification-job.ts";
import { importMeshTestCatalog, meshTestSnapshot } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { setFollowing } from "./follow.ts";
import { queueDailyDigests } from "./queue-daily-digests.ts";

// The daily digest as a Slack DM, through the Slack outbox against the fake Slack Web API
// (real WebClient, real HTTP), on PGlite and Postgres.

describe.each(TEST_DATABASE_KINDS)("daily digest by Slack DM on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let slack: FakeSlackServer;
  let queue: TJobQueue;
  let member: TTestMember;
  let restoreConfig: (() => void) | undefined;
  const clock = new TestClock(Date.now() + 600_000);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    slack = await new FakeSlackServer().start();
    restoreConfig = overrideConfig(parseConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "test-secret", SLACK_API_URL: slack.url }));
    org = await upsertOrganization(`digest-slack-${kind}`, "Digest org");
    await importMeshTestCatalog(org.id, meshTestSnapshot([{ slug: "pricing", team: "pricing" }]));
    member = await createSignedInMember(org.id, { role: "member", email: "dana.digest@follow.test" });
    slack.addUser({ id: "U0DANA", email: "dana.digest@follow.test", name: "dana" });
    queue = await startJobQueue(db.handle, () => {}, { clock, supervise: false });
    setJobQueue(queue);
  }, 120_000);

  afterAll(async () => {
    restoreConfig?.();
    await slack?.stop();
    await stopJobQueue({ graceful: false });
    await db?.close();
  });

  it("one DM with the day's changes of what the member follows, once per day", async () => {
    const pricing = await getPrisma().service.findFirstOrThrow({ where: { organizationId: org.id, slug: "pricing" } });
    const now = new Date();
    await getPrisma().changeEvent.create({
      data: { organizationId: org.id, serviceId: pricing.id, type: "rollout_complete", title: "pricing 2.4.0 rolled out in prod", source: "kubernetes", occurredAt: new Date(now.getTime() - 3600_000) },
    });
    await setFollowing(org.id, member.userId, { kind: "service", slug: "pricing", follow: true });
    await upsertNotificationSettings(org.id, member.userId, { approvals: "auto", digest: "slack" });

    expect(await queueDailyDigests(now, { enqueueSlack: () => enqueuePendingNotifications(queue) })).toBe(1);
    expect(await queueDailyDigests(new Date(now.getTime() + 60_000), { enqueueSlack: () => enqueuePendingNotifications(queue) })).toBe(0);
    const [job] = await queue.fetch<TNotificationJobData>(NOTIFICATION_SEND_QUEUE, { batchSize: 1, includeMetadata: true });
    expect(job).toBeDefined();
    const sender = webApiSlackSender(createSlackWebClient({ botToken: "xoxb-test", apiUrl: slack.url }));
    expect(await sendNotificationJob(queue, sender, job as TNotificationJob, { baseUrl: "http://plumbline.test", now: () => new Date(clock.now()) })).toBe("sent");
    const [post] = slack.callsOf("chat.postMessage");
    expect(post?.args.channel).toBe("D0DANA");
    expect(post?.args.text).toMatch(/^Your Plumbline digest for \d{4}-\d{2}-\d{2}: 1 change$/);
    expect(post?.args.blocks).toContain("pricing 2.4.0 rolled out in prod");
    expect(await queue.fetch(NOTIFICATION_SEND_QUEUE, { batchSize: 1 })).toEqual([]);
  });
});
