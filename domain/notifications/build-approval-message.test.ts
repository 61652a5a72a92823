import { describe, expect, it } from "vitest";
import { APPROVE_ACTION_ID, decodeApprovalActionValue, REJECT_ACTION_ID } from "./approval-action.ts";
import type { TApprovalMessageInput } from "./approval-message-input.ts";
import { buildApprovalMessage } from "./build-approval-message.ts";
import { buildDeployAnnouncementMessage } from "./build-deploy-announcement-message.ts";
import { buildDeployOutcomeMessage } from "./build-deploy-outcome-message.ts";
import { buildServiceStatusMessage } from "./build-service-status-message.ts";

const base: TApprovalMessageInput = {
  baseUrl: "https://plumbline.example",
  request: {
    id: "req-1",
    serviceSlug: "payments",
    serviceName: "Payments",
    environment: "production",
    version: "1.42.0",
    commit: "9f2c1abdeadbeef00",
    requestedBy: "ci-bot",
    ciUrl: "https://ci.example/runs/7",
    status: "pending",
    expiresAt: new Date("2026-11-23T20:00:00Z"),
  },
  team: { slug: "checkout", name: "Checkout" },
  because: [
    {
      serviceSlug: "checkout",
      message: "checkout (owned by checkout) is out of SLO: budget exhausted; it sends 42 % of the traffic to payments",
      facts: { sloName: "availability", status: "breached", budgetRemaining: -0.125, burnRate1h: 14.4, trafficShare: 0.42 },
    },
  ],
  approval: { status: "pending", decidedBy: null, decidedAt: null, channel: null, comment: null },
};

const texts = (message: ReturnType<typeof buildApprovalMessage>) => JSON.stringify(message.blocks);

describe("buildApprovalMessage", () => {
  it("says who deploys what where, why the team is asked, links both services and the deploy, with two buttons", () => {
    const message = buildApprovalMessage(base);
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Approval needed: Payments 1.42.0 → production" } });
    const json = texts(message);
    expect(json).toContain("*ci-bot* wants to deploy <https://plumbline.example/services/payments|Payments> `1.42.0` to *production*");
    expect(json).toContain("commit `9f2c1abdeadb`");
    expect(json).toContain("Why Checkout is asked");
    expect(json).toContain("<https://plumbline.example/services/checkout|checkout> (SLO *availability*)");
    expect(json).toContain("*Budget remaining*\\n-12.5 %");
    expect(json).toContain("*Burn rate (1 h)*\\n14.4×");
    expect(json).toContain("*Share of traffic*\\n42 %");
    expect(json).toContain("<https://plumbline.example/deploys/req-1|Deploy request>");
    expect(json).toContain("expires 2026-11-23 20:00 UTC");
    const actions = message.blocks.find((block) => block.type === "actions");
    expect(actions?.type === "actions" && actions.elements.map((element) => element.action_id)).toEqual([APPROVE_ACTION_ID, REJECT_ACTION_ID]);
    const value = actions?.type === "actions" ? actions.elements[0]?.value : undefined;
    expect(decodeApprovalActionValue(value ?? "")).toEqual({ deployRequestId: "req-1", teamSlug: "checkout" });
    expect(message.text).toContain("ci-bot wants to deploy Payments 1.42.0 → production");
  });

  it.each([
    ["approved", "approved", ":white_check_mark: *Approved* by Priya Raman at 2026-11-23 19:02 UTC (in Slack). Request is *approved*."],
    ["rejected", "rejected", ":x: *Rejected* by Priya Raman at 2026-11-23 19:02 UTC (in Slack): “not now &lt;b&gt;”. Request is *rejected*."],
  ] as const)("once %s: outcome, who, when, and no buttons", (status, requestStatus, outcome) => {
    const message = buildApprovalMessage({
      ...base,
      request: { ...base.request, status: requestStatus },
      approval: { status, decidedBy: "Priya Raman", decidedAt: new Date("2026-11-23T19:02:10Z"), channel: "slack", comment: status === "rejected" ? "not now <b>" : null },
    });
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(message.blocks.at(-1)).toEqual({ type: "section", block_id: "outcome", text: { type: "mrkdwn", text: outcome } });
    expect(texts(message)).not.toContain("expires");
  });

  it("expired: says nobody decided by the deadline", () => {
    const message = buildApprovalMessage({ ...base, request: { ...base.request, status: "expired" }, approval: { ...base.approval, status: "expired" } });
    expect(message.blocks[0]).toMatchObject({ text: { text: "Expired: Payments 1.42.0 → production" } });
    expect(texts(message)).toContain("nobody decided in time (deadline 2026-11-23 20:00 UTC)");
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
  });

  it("another team rejected first: this team's buttons go, the message says why", () => {
    const message = buildApprovalMessage({ ...base, request: { ...base.request, status: "rejected" } });
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(texts(message)).toContain("The deploy request is *rejected*; Checkout's decision is no longer needed.");
  });

  it("unknown numbers read as unknown, never as zero; user text is escaped", () => {
    const message = buildApprovalMessage({
      ...base,
      request: { ...base.request, requestedBy: "<!channel>", commit: null, ciUrl: null },
      because: [{ serviceSlug: "web", message: "no fresh telemetry", facts: { budgetRemaining: null, burnRate1h: null, trafficShare: null } }],
    });
    const json = texts(message);
    expect(json).toContain("*&lt;!channel&gt;* wants to deploy");
    expect(json).toContain("*Budget remaining*\\nunknown");
    expect(json).toContain("*Share of traffic*\\nnot measured");
  });
});

describe("buildApprovalMessage for a rule without SLO facts", () => {
  it("a cause without SLO facts (a freeze window) shows no empty numbers", () => {
    const message = buildApprovalMessage({ ...base, because: [{ serviceSlug: "payments", message: "Deploys to staging are frozen", facts: { rule: "freeze" } }] });
    const cause = message.blocks.find((block) => block.type === "section" && block.block_id === "cause-0");
    expect(cause).toEqual({ type: "section", block_id: "cause-0", text: { type: "mrkdwn", text: "<https://plumbline.example/services/payments|payments>: Deploys to staging are frozen" } });
  });
});

describe("decodeApprovalActionValue", () => {
  it.each(["", "not json", "{}", '{"d":1,"t":"x"}', "null"])("refuses %j", (raw) => {
    expect(decodeApprovalActionValue(raw)).toBeNull();
  });
});

describe("buildDeployOutcomeMessage", () => {
  it("tells the requesting team the outcome and each team's decision", () => {
    const message = buildDeployOutcomeMessage({
      baseUrl: "https://p.example",
      request: { id: "r", serviceSlug: "payments", serviceName: "Payments", environment: "prod", version: "2", status: "approved", decidedAt: new Date("2026-11-23T19:00:00Z") },
      approvals: [{ teamName: "Checkout", status: "approved", decidedBy: "Priya Raman", comment: null }],
    });
    expect(message.text).toBe("Deploy approved: Payments 2 → prod");
    expect(JSON.stringify(message.blocks)).toContain("• Checkout: *approved* by Priya Raman");
  });
});

describe("buildServiceStatusMessage", () => {
  it("shows owner, SLOs and pending deploys", () => {
    const message = buildServiceStatusMessage({
      baseUrl: "https://p.example",
      service: { slug: "payments", name: "Payments", ownerTeam: { slug: "payments", name: "Payments team" } },
      slos: [{ name: "availability", objectivePercent: 99.9, status: "at_risk", budgetRemaining: 0.4, burnRate1h: 6 }],
      pendingDeploys: [{ id: "d1", version: "1.2", environment: "prod", waitingFor: ["Checkout"] }],
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("<https://p.example/teams/payments|Payments team>");
    expect(json).toContain("• *availability* (99.9 %): 🟠 At risk, budget 40 %, burn 6×");
    expect(json).toContain("<https://p.example/deploys/d1|1.2 → prod>, waiting for Checkout");
  });

  it("shows objectives as the percentages they are stored as, never multiplied again (99.9 was \"9990 %\")", () => {
    const message = buildServiceStatusMessage({
      baseUrl: "https://p.example",
      service: { slug: "ledger", name: "Ledger", ownerTeam: null },
      slos: [
        { name: "availability", objectivePercent: 99.9, status: "healthy", budgetRemaining: 1, burnRate1h: 0 },
        { name: "strict", objectivePercent: 99.95, status: "healthy", budgetRemaining: null, burnRate1h: null },
        { name: "loose", objectivePercent: 95, status: "no_data", budgetRemaining: null, burnRate1h: null },
      ],
      pendingDeploys: [],
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("• *availability* (99.9 %): 🟢 Healthy, budget 100 %");
    expect(json).toContain("• *strict* (99.95 %)");
    expect(json).toContain("• *loose* (95 %): ⚪ No data");
    expect(json).not.toMatch(/\d{4} %/);
  });
});

describe("buildDeployAnnouncementMessage", () => {
  it("says who overrode the gate, for what, and why", () => {
    const message = buildDeployAnnouncementMessage({
      baseUrl: "https://p.example",
      request: { id: "r9", serviceSlug: "payments", serviceName: "Payments", environment: "prod", version: "2.0.1", requestedBy: "sam", breakGlassReason: "incident 4711 <hotfix>" },
    });
    expect(message.text).toBe("Break-glass deploy: Payments 2.0.1 → prod");
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("*sam* overrode the deploy gate for <https://p.example/services/payments|Payments> `2.0.1` to *prod*: “incident 4711 &lt;hotfix&gt;”");
    expect(json).toContain("<https://p.example/deploys/r9|Deploy request>");
  });
});

describe("buildApprovalMessage on live facts", () => {
  const live = {
    ...base,
    because: base.because.map((cause) => ({
      ...cause,
      live: {
        now: { status: "healthy", isOutOfSlo: false, stale: false, budgetRemaining: 0.31, burnRate1h: 14.6, trafficShare: 0.42 },
        changed: ["status", "budget"] as const,
        cleared: true,
        note: "recovered since the request",
      },
    })),
  };

  it("shows, per cause, the fact at the request and now where they differ, and says it recovered", () => {
    const json = texts(buildApprovalMessage(live));
    expect(json).toContain("*SLO status*\\n🔴 Breached → *🟢 Healthy*");
    expect(json).toContain("*Budget remaining*\\n-12.5 % → *31 %*");
    // Unmarked facts read as they were: drift below the threshold is not news.
    expect(json).toContain("*Burn rate (1 h)*\\n14.4×\"");
    expect(json).toContain("_recovered since the request_ (now vs. at the request)");
  });

  it("says the gate approved it when the causes cleared", () => {
    const message = buildApprovalMessage({
      ...live,
      request: { ...live.request, status: "approved" },
      approval: { status: "approved", decidedBy: null, decidedAt: new Date("2026-11-23T19:30:00Z"), channel: "gate", comment: "approved by the gate: cause cleared" },
    });
    expect(texts(message)).toContain(":white_check_mark: *Approved by the gate* at 2026-11-23 19:30 UTC: approved by the gate: cause cleared. Request is *approved*.");
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
  });
});
