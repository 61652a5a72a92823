import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeHandle, setDbHandle } from "@/server/db/client.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import type { TIncidentDetail, TIncidentSummary } from "@/server/incidents/incidents.schemas.ts";
import { writeGateTestFiles } from "@/server/testing/gate-test-catalog.ts";
import { CHECKOUT_CHANNEL_ID, SLACK_TEST_USERS, writeSlackTestCatalog } from "@/server/testing/slack-test-catalog.ts";
import { startTestApp, TEST_AUTH_SECRET, type TTestApp } from "@/server/testing/start-test-app.ts";
import { openTestDatabase, openTestPGliteDirectory, type TTestDatabaseKind } from "@/server/testing/test-databases.ts";
import { waitFor } from "@/server/testing/wait-for.ts";
import { FakeSlackServer } from "@/integrations/slack/testing/fake-slack-server.ts";
import { interactionBody, messageShortcutPayload, slackSignatureHeaders, viewSubmissionPayload, type TViewStateValue } from "@/integrations/slack/testing/signed-slack-request.ts";
import {
  REPORT_KIND_ACTION_ID,
  REPORT_KIND_BLOCK_ID,
  REPORT_NEAR_MISS_SHORTCUT_ID,
  REPORT_SERVICES_ACTION_ID,
  REPORT_SERVICES_BLOCK_ID,
  REPORT_TITLE_ACTION_ID,
  REPORT_TITLE_BLOCK_ID,
  REPORT_VIEW_CALLBACK_ID,
} from "@/integrations/slack/listeners/views/report-incident-modal.ts";

// Reporting from Slack end to end, over HTTP, against the real product and a fake Slack Web
// API: the slash subcommands and the message shortcut open the report modal (views.open),
// its submission files the incident through the same operation as the web and the API (read
// back through the API), and a learning's first publication is posted to the learnings
// channel through the outbox. On Postgres and on the embedded PGlite.

const SECRET = "7a1b2231b10e8888abcd99yyyzzz85a5";
const WORKSPACE = "T0ACME";
const LEARNINGS = "#learnings";

interface TOpenedView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }[];
}

describe.each<TTestDatabaseKind>(["postgres", "pglite"])("reporting incidents from Slack on %s", (kind) => {
  let app: TTestApp;
  let slack: FakeSlackServer;
  let token: string;
  let tmp: string;
  let closeDb: () => Promise<void> = async () => {};
  let views = 0;

  async function api<T>(pathname: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: T }> {
    const response = await fetch(`${app.url}${pathname}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  }

  async function slackPost(body: string, contentType = "application/x-www-form-urlencoded") {
    const response = await fetch(`${app.url}/api/slack/events`, { method: "POST", headers: { "content-type": contentType, ...slackSignatureHeaders(SECRET, body) }, body });
    return { status: response.status, text: await response.text() };
  }

  const command = (text: string, triggerId: string) =>
    new URLSearchParams({ command: "/plumbline", text, team_id: WORKSPACE, user_id: SLACK_TEST_USERS.priya.id, channel_id: CHECKOUT_CHANNEL_ID, response_url: "https://hooks.slack.invalid/commands/1", trigger_id: triggerId, token: "legacy" }).toString();

  async function openedView(triggerId: string): Promise<TOpenedView> {
    const call = await slack.waitFor(() => slack.callsOf("views.open").find((candidate) => candidate.args.trigger_id === triggerId));
    return JSON.parse(call.args.view ?? "{}") as TOpenedView;
  }

  function submit(view: TOpenedView, fields: { title: string; kind: string; services: string }, viewId = `V0REPORT${(views += 1)}`) {
    const values: Record<string, Record<string, TViewStateValue>> = {
      [REPORT_TITLE_BLOCK_ID]: { [REPORT_TITLE_ACTION_ID]: { type: "plain_text_input", value: fields.title } },
      [REPORT_KIND_BLOCK_ID]: { [REPORT_KIND_ACTION_ID]: { type: "static_select", selected_option: { text: { type: "plain_text", text: fields.kind }, value: fields.kind } } },
      [REPORT_SERVICES_BLOCK_ID]: { [REPORT_SERVICES_ACTION_ID]: { type: "plain_text_input", value: fields.services } },
    };
    return slackPost(interactionBody(viewSubmissionPayload({ teamId: WORKSPACE, userId: SLACK_TEST_USERS.priya.id, callbackId: REPORT_VIEW_CALLBACK_ID, privateMetadata: view.private_metadata, values, viewId })));
  }

  const initialOf = (view: TOpenedView, blockId: string) => view.blocks.find((block) => block.block_id === blockId)?.element;

  async function findIncident(title: string): Promise<TIncidentSummary> {
    const { json } = await api<{ incidents: TIncidentSummary[] }>("/api/v1/incidents?limit=200");
    const found = json.incidents.find((incident) => incident.title === title);
    if (!found) throw new Error(`no incident "${title}" among ${json.incidents.map((incident) => incident.title).join(", ")}; the app said:\n${app.output().slice(-3000)}`);
    return found;
  }

  beforeAll(async () => {
    slack = await new FakeSlackServer({ teamId: WORKSPACE }).start();
    slack.addUser(SLACK_TEST_USERS.priya);
    slack.addUser(SLACK_TEST_USERS.hana);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `plumbline-slack-incidents-${kind}-`));
    const dataDir = path.join(tmp, "pglite");
    let env: Record<string, string>;
    if (kind === "postgres") {
      const db = await openTestDatabase("postgres");
      closeDb = db.close;
      env = { DATABASE_URL: db.url ?? "", PLUMBLINE_AUTH_SECRET: TEST_AUTH_SECRET };
    } else {
      const handle = await openTestPGliteDirectory(dataDir);
      setDbHandle(handle);
      closeDb = () => closeHandle(handle);
      env = { DATABASE_URL: "", PLUMBLINE_DATA_DIR: dataDir };
    }
    const org = await upsertOrganization("default", "Slack incidents test");
    token = (await createApiToken(org.id, "alerts")).token;
    if (kind === "pglite") {
      await closeDb();
      closeDb = async () => {};
    }
    const { policyFile } = writeGateTestFiles(tmp);
    app = await startTestApp({
      ...env,
      PLUMBLINE_CATALOG: writeSlackTestCatalog(tmp),
      PLUMBLINE_POLICIES: policyFile,
      SLACK_BOT_TOKEN: "xoxb-plumbline-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      SLACK_LEARNINGS_CHANNEL: LEARNINGS,
    });
    // The workers link the default organization to the workspace auth.test names, after start:
    // until then every payload is "not connected" (and a report would be refused, rightly).
    await waitFor("the workspace linked to the organization", async () => {
      const card = await slackPost(command("payments", "0.readiness"));
      return !card.text.includes("not connected");
    }, { timeoutMs: 60_000, intervalMs: 250 });
  }, 360_000);

  afterAll(async () => {
    await app?.stop();
    await closeDb();
    await slack?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("/plumbline incident <service> <what happened> opens the modal pre-filled; submitting it files the incident as the reporter", async () => {
    const opened = await slackPost(command("incident sev2 payments card payments fail with 502s", "1.cmd.incident"));
    expect(opened.status).toBe(200);
    const view = await openedView("1.cmd.incident");
    expect(view.callback_id).toBe(REPORT_VIEW_CALLBACK_ID);
    expect(view.title.text).toBe("Report an incident");
    expect(initialOf(view, REPORT_TITLE_BLOCK_ID)?.initial_value).toBe("card payments fail with 502s");
    expect(initialOf(view, REPORT_KIND_BLOCK_ID)?.initial_option?.value).toBe("SEV2");
    expect(initialOf(view, REPORT_SERVICES_BLOCK_ID)?.initial_value).toBe("payments");

    // An unknown service is shown on its field, in the modal; nothing is filed.
    const wrong = await submit(view, { title: "card payments fail with 502s", kind: "SEV2", services: "paymnts" });
    expect(wrong.text, app.output().slice(-3000)).not.toBe("");
    expect(JSON.parse(wrong.text)).toEqual({ response_action: "errors", errors: { [REPORT_SERVICES_BLOCK_ID]: expect.stringMatching(/No service "paymnts"/) } });

    const answer = await submit(view, { title: "card payments fail with 502s", kind: "SEV2", services: "payments, checkout" });
    expect(answer.status).toBe(200);
    const summary = await findIncident("card payments fail with 502s");
    expect(summary).toMatchObject({ kind: "SEV2", status: "open", reportedVia: "slack", reportedBy: "Priya Raman", ownerTeam: { slug: "payments" } });
    expect(summary.services.map((service) => service.slug)).toEqual(["payments", "checkout"]);
    const told = await slack.waitFor(() => slack.callsOf("chat.postEphemeral").find((call) => call.args.user === SLACK_TEST_USERS.priya.id && (call.args.text ?? "").includes("card payments fail")));
    expect(told.args.channel).toBe(CHECKOUT_CHANNEL_ID);
    expect(told.args.text).toContain(`/incidents/${summary.id}|Open it>`);
  });

  it("/plumbline near-miss opens the near-miss modal; /plumbline <service> is still the status card", async () => {
    await slackPost(command("near-miss checkout a config typo almost shipped", "2.cmd.nearmiss"));
    const view = await openedView("2.cmd.nearmiss");
    expect(view.title.text).toBe("Report a near miss");
    expect(initialOf(view, REPORT_KIND_BLOCK_ID)?.initial_option?.value).toBe("near_miss");
    await submit(view, { title: "a config typo almost shipped", kind: "near_miss", services: "checkout" });
    // A near miss is filed after the fact: resolved from the start.
    expect(await findIncident("a config typo almost shipped")).toMatchObject({ kind: "near_miss", status: "resolved" });

    const card = await slackPost(command("payments", "2.cmd.status"));
    expect(JSON.parse(card.text)).toMatchObject({ response_type: "ephemeral" });
    expect(slack.callsOf("views.open").some((call) => call.args.trigger_id === "2.cmd.status")).toBe(false);
  });

  it("the message shortcut 'Report a near miss' opens the modal; the message becomes the first timeline entry, with its permalink", async () => {
    const message = { ts: "1733390000.000100", text: "Heads up: I nearly dropped the payments table on prod\nstopped at the confirmation prompt", user: SLACK_TEST_USERS.hana.id };
    const shortcut = messageShortcutPayload({ teamId: WORKSPACE, userId: SLACK_TEST_USERS.priya.id, callbackId: REPORT_NEAR_MISS_SHORTCUT_ID, channelId: CHECKOUT_CHANNEL_ID, message });
    expect((await slackPost(interactionBody(shortcut))).status).toBe(200);
    const triggerId = String(shortcut.trigger_id);
    const view = await openedView(triggerId);
    expect(view.title.text).toBe("Report a near miss");
    expect(initialOf(view, REPORT_TITLE_BLOCK_ID)?.initial_value).toBe("Heads up: I nearly dropped the payments table on prod");
    expect(slack.callsOf("chat.getPermalink").some((call) => call.args.channel === CHECKOUT_CHANNEL_ID && call.args.message_ts === message.ts)).toBe(true);

    await submit(view, { title: "Nearly dropped the payments table on prod", kind: "near_miss", services: "payments" });
    const summary = await findIncident("Nearly dropped the payments table on prod");
    const { json: detail } = await api<TIncidentDetail>(`/api/v1/incidents/${summary.id}`);
    const permalink = `https://fake.slack.com/archives/${CHECKOUT_CHANNEL_ID}/p1733390000000100`;
    expect(detail.sourceUrl).toBe(permalink);
    const quoted = detail.timeline.find((entry) => entry.kind === "slack_message");
    expect(quoted).toMatchObject({ text: message.text, author: "hana.sato", sourceUrl: permalink, at: "2024-12-05T09:13:20.000Z" });
    // The quoted message is the first thing that happened; the report line follows it.
    expect(detail.timeline[0]?.kind).toBe("slack_message");

    // Slack retries a submission it thinks timed out: the same modal files nothing new.
    await submit(view, { title: "Nearly dropped the payments table on prod", kind: "near_miss", services: "payments" }, `V0REPORT${views}`);
    const { json } = await api<{ incidents: TIncidentSummary[] }>("/api/v1/incidents?limit=200");
    expect(json.incidents.filter((incident) => incident.title === "Nearly dropped the payments table on prod")).toHaveLength(1);
  });

  it("publishing a learning posts it once to the learnings channel, through the outbox", async () => {
    const summary = await findIncident("card payments fail with 502s");
    const learning = "Retries without a budget turn a blip into an outage.";
    expect((await api(`/api/v1/incidents/${summary.id}/postmortem`, { method: "PUT", body: { learning } })).status).toBe(200);
    const posted = await slack.waitFor(() => slack.callsOf("chat.postMessage").find((call) => call.args.channel === LEARNINGS));
    expect(posted.args.text).toBe(`Learning: ${learning}`);
    expect(posted.args.blocks).toContain(`/incidents/${summary.id}|card payments fail with 502s>`);

    // Editing the published learning does not announce it again; the next learning is announced on its own.
    expect((await api(`/api/v1/incidents/${summary.id}/postmortem`, { method: "PUT", body: { learning: `${learning} Budgets belong in the client.` } })).status).toBe(200);
    const next = await findIncident("a config typo almost shipped");
    expect((await api(`/api/v1/incidents/${next.id}/postmortem`, { method: "PUT", body: { learning: "Config changes need the same review as code." } })).status).toBe(200);
    await slack.waitFor(() => slack.callsOf("chat.postMessage").find((call) => call.args.channel === LEARNINGS && (call.args.blocks ?? "").includes(`/incidents/${next.id}|`)));
    expect(slack.callsOf("chat.postMessage").filter((call) => call.args.channel === LEARNINGS && (call.args.blocks ?? "").includes(`/incidents/${summary.id}|`))).toHaveLength(1);
  });
});
