import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meshEdgeSample } from "@/server/testing/mesh-edge-sample.ts";
import type { EdgeSample, WorkloadRef } from "@/domain/telemetry/telemetry-types.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { getPrisma } from "@/server/db/client.ts";
import { upsertNotificationSettings } from "@/server/email/email.repository.ts";
import { upsertOrganization, type TOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { logger } from "@/server/logger.ts";
import { runMeshIngestForOrganization } from "@/server/telemetry/run-mesh-ingest-round.ts";
import { importMeshTestCatalog, meshTestSnapshot, ScriptedTelemetrySource } from "@/server/telemetry/testing/telemetry-test-fixtures.ts";
import { createSignedInMember, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";
import { getFeed, setFollowing } from "./follow.ts";
import { queueDailyDigests } from "./queue-daily-digests.ts";

// New-caller detection through the real mesh ingest (a scripted telemetry source), and
// following: the feed and the daily digest read the same history, on PGlite and Postgres.

const shop = (name: string): WorkloadRef => ({ namespace: "shop", name });
const edge = (caller: string, callee: string, rate: number): EdgeSample => meshEdgeSample(shop(caller), shop(callee), rate);

describe.each(TEST_DATABASE_KINDS)("following and new callers on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let org: TOrganization;
  let owner: TTestMember; // owns pricing
  let follower: TTestMember;
  let restoreConfig: (() => void) | undefined;
  const source = new ScriptedTelemetrySource();
  const provider = { sourceFor: () => source };
  let now = Date.now();
  const cycle = async () => {
    now += 15_000;
    await runMeshIngestForOrganization(org.id, provider, { edgeGoneAfterMs: 600_000, log: logger, now: new Date(now) });
  };
  const newCallerRows = () => getPrisma().notification.findMany({ where: { organizationId: org.id, kind: "new_caller" }, select: { channel: true, target: true }, orderBy: { channel: "asc" } });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    restoreConfig = overrideConfig(parseConfig({ SMTP_HOST: "127.0.0.1", PLUMBLINE_NEW_CALLER_MIN_RATE: "1" }));
    org = await upsertOrganization(`follow-${kind}`, "Follow test");
    await importMeshTestCatalog(
      org.id,
      meshTestSnapshot([
        { slug: "search", team: "discovery" },
        { slug: "pricing", team: "pricing" },
        { slug: "ledger", team: "pricing" },
      ]),
    );
    owner = await createSignedInMember(org.id, { role: "member", email: "olu.owner@follow.test", teams: [{ slug: "pricing", role: "owner" }] });
    follower = await createSignedInMember(org.id, { role: "member", email: "fay.follower@follow.test" });
  }, 120_000);

  afterAll(async () => {
    restoreConfig?.();
    await db?.close();
  });

  it("the first picture of the mesh is not news; a new edge is announced once, when it crosses the rate, however many cycles see it", async () => {
    source.edges = [edge("ledger", "search", 12)];
    await cycle(); // the first round: who already calls whom
    now += 120_000; // the first picture is over
    source.edges = [edge("ledger", "search", 12), edge("search", "pricing", 0.4)];
    await cycle();
    expect(await newCallerRows()).toEqual([]); // below PLUMBLINE_NEW_CALLER_MIN_RATE: not yet a caller worth telling
    source.edges = [edge("ledger", "search", 12), edge("search", "pricing", 40)];
    await cycle();
    await cycle();
    await cycle();
    expect(await newCallerRows()).toEqual([
      { channel: "email", target: "olu.owner@follow.test" },
      { channel: "inapp", target: "pricing" },
    ]);
    const events = await getPrisma().changeEvent.findMany({ where: { organizationId: org.id, type: "new_caller" }, select: { title: true, service: { select: { slug: true } } } });
    expect(events).toEqual([{ title: "search started calling pricing at 40 req/s", service: { slug: "pricing" } }]);
    // Concurrent rounds (two workers) still announce once.
    source.edges = [edge("search", "pricing", 40), edge("search", "ledger", 5)];
    await Promise.all([cycle(), cycle()]);
    expect((await newCallerRows()).filter((row) => row.channel === "inapp")).toHaveLength(2);
    expect(await getPrisma().changeEvent.count({ where: { organizationId: org.id, type: "new_caller" } })).toBe(2);
  });

  it("an owner who turned e-mail off is told in the app only", async () => {
    await upsertNotificationSettings(org.id, owner.userId, { approvals: "off", digest: "off" });
    source.edges = [edge("ledger", "pricing", 3)];
    await cycle();
    const rows = await getPrisma().notification.findMany({ where: { organizationId: org.id, kind: "new_caller", dedupeKey: { startsWith: "new-caller:" } }, select: { channel: true, payload: true } });
    const ledgerRows = rows.filter((row) => {
      const payload = row.payload as { caller?: { slug?: string }; callee?: { slug?: string } };
      return payload.caller?.slug === "ledger" && payload.callee?.slug === "pricing";
    });
    expect(ledgerRows.map((row) => row.channel)).toEqual(["inapp"]);
    await upsertNotificationSettings(org.id, owner.userId, { approvals: "auto", digest: "off" });
  });

  it("the feed shows what happened to followed services (directly or through a followed team), not to others", async () => {
    expect((await getFeed(org.id, follower.userId)).entries).toEqual([]);
    await setFollowing(org.id, follower.userId, { kind: "service", slug: "pricing", follow: true });
    await setFollowing(org.id, follower.userId, { kind: "service", slug: "pricing", follow: true }); // twice is once
    const feed = await getFeed(org.id, follower.userId);
    expect(feed.following.services.map((service) => service.slug)).toEqual(["pricing"]);
    expect(feed.entries.map((entry) => entry.title)).toEqual(["ledger started calling pricing at 3 req/s", "search started calling pricing at 40 req/s"]);
    expect(feed.entries.every((entry) => entry.service?.slug === "pricing")).toBe(true);

    await setFollowing(org.id, follower.userId, { kind: "service", slug: "pricing", follow: false });
    await setFollowing(org.id, follower.userId, { kind: "team", slug: "pricing", follow: true });
    const viaTeam = await getFeed(org.id, follower.userId);
    expect(new Set(viaTeam.entries.map((entry) => entry.service?.slug))).toEqual(new Set(["pricing", "ledger"]));
    await expect(setFollowing(org.id, follower.userId, { kind: "service", slug: "nope", follow: true })).rejects.toMatchObject({ status: 404 });
  });

  it("an ownership change from the catalog shows in the followers' feed", async () => {
    await setFollowing(org.id, follower.userId, { kind: "service", slug: "ledger", follow: true });
    await importMeshTestCatalog(
      org.id,
      meshTestSnapshot([
        { slug: "search", team: "discovery" },
        { slug: "pricing", team: "pricing" },
        { slug: "ledger", team: "discovery" },
      ]),
    );
    const feed = await getFeed(org.id, follower.userId);
    expect(feed.entries.filter((entry) => entry.type === "owner_changed").map((entry) => entry.title)).toEqual(["ledger: owner changed from pricing to discovery"]);
  });

  it("the daily digest: one e-mail per follower and day when something happened", async () => {
    await upsertNotificationSettings(org.id, follower.userId, { approvals: "auto", digest: "email" });
    expect(await queueDailyDigests(new Date(now))).toBe(1);
    expect(await queueDailyDigests(new Date(now + 60_000))).toBe(0); // the same day: nothing more
    const digest = await getPrisma().notification.findFirstOrThrow({ where: { organizationId: org.id, kind: "digest" } });
    expect(digest).toMatchObject({ channel: "email", target: "fay.follower@follow.test", status: "pending" });
    expect(await queueDailyDigests(new Date(now + 3 * 24 * 3600_000))).toBe(0); // nothing happened in that day
  });
});
