import { evaluatePolicies } from "@/domain/policy/evaluate-policies.ts";
import type { DependentFacts, SloFacts } from "@/domain/policy/policy-types.ts";
import { buildDeployDecisionWrite, requireKnownApprovers } from "./build-deploy-decision.ts";
import { decideApproval } from "./decide-approval.ts";
import { expireDeployRequest } from "./expire-deploy-requests.ts";
import { countDemoDeployRequests, findTeamsBySlugs, insertDeployDecision } from "./gate.repository.ts";
import { gatherGateFacts } from "./gather-gate-facts.ts";
import { hashDeployRequest } from "./hash-deploy-request.ts";
import { getActivePolicies } from "./policy-document.ts";
import { reportDeployEvent } from "./report-deploy-event.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";

/** Every demo request is asked by this "CI", so nobody mistakes it for a real one. */
export const DEMO_REQUESTER = "demo-ci";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const healthy = (budgetRemaining: number, burnRate1h: number): SloFacts => ({
  status: "healthy",
  isOutOfSlo: false,
  budgetRemaining,
  burnRate1h,
  sloName: "availability",
  stale: false,
});

interface TDemoScenario {
  service: string;
  version: string;
  commit: string;
  agoMs: number;
  /** The SLO picture the story needs, by dependent slug; other dependents read healthy. */
  dependentSlos: Record<string, SloFacts>;
  then: "pending" | "deployed" | "rejected" | "expired";
  rejection?: { team: string; person: string; comment: string };
}

// A newcomer's /deploys: one request waiting for a dependent's owners right now, and
// three decided ones that show the other endings (deployed, rejected, expired).
const SCENARIOS: TDemoScenario[] = [
  {
    service: "cart",
    version: "3.8.1",
    commit: "4be01c7",
    agoMs: 50 * HOUR,
    dependentSlos: {},
    then: "deployed",
  },
  {
    service: "ledger",
    version: "2.3.0",
    commit: "a91d3e2",
    agoMs: 26 * HOUR,
    dependentSlos: { reporting: { status: "at_risk", isOutOfSlo: true, budgetRemaining: 0.18, burnRate1h: 15.2, sloName: "availability", stale: false } },
    then: "rejected",
    rejection: {
      team: "data",
      person: "chloe.martin",
      comment: "Month-end reports are running and reporting is already burning budget. Please ship after Monday's close.",
    },
  },
  {
    service: "search",
    version: "5.2.0",
    commit: "77c0f19",
    agoMs: 20 * HOUR,
    dependentSlos: { "api-gateway": { status: "breached", isOutOfSlo: true, budgetRemaining: -0.04, burnRate1h: 6.3, sloName: "availability", stale: false } },
    then: "expired",
  },
  {
    service: "payments",
    version: "1.42.0",
    commit: "9f2c1ab",
    agoMs: 6 * MINUTE,
    dependentSlos: { checkout: { status: "breached", isOutOfSlo: true, budgetRemaining: -0.12, burnRate1h: 14.8, sloName: "availability", stale: false } },
    then: "pending",
  },
];

/**
 * Demo mode, first start: seeds the story above through the real gate (policy engine,
 * decision write, approvals, expiry, CI reports), with SLO facts staged for the story
 * and marked as such (requestedBy "demo-ci", decisionFacts.demo). Seeds once: nothing
 * happens when demo requests exist already. A scenario whose services are not in the
 * catalog is skipped.
 */
export async function seedDemoDeployRequests(organizationId: string, log: (line: string) => void, now: Date = new Date()): Promise<void> {
  if ((await countDemoDeployRequests(organizationId, DEMO_REQUESTER)) > 0) return;
  const policies = await getActivePolicies(organizationId);
  const baseUrl = publicBaseUrl(null);
  const seeded: string[] = [];
  for (const scenario of SCENARIOS) {
    const at = new Date(now.getTime() - scenario.agoMs);
    const input = {
      service: scenario.service,
      environment: "production",
      version: scenario.version,
      commit: scenario.commit,
      requestedBy: DEMO_REQUESTER,
      ciUrl: `https://ci.acme.example/${scenario.service}/pipelines/${parseInt(scenario.commit, 16) % 9000}`,
    };
    let gathered;
    try {
      gathered = await gatherGateFacts(organizationId, policies.policies, input);
    } catch {
      continue;
    }
    const dependents: DependentFacts[] = gathered.facts.dependents.map((dependent, index) => ({
      ...dependent,
      slo: scenario.dependentSlos[dependent.slug] ?? healthy(0.55 + (index % 4) * 0.1, 0.3 + (index % 3) * 0.2),
    }));
    const facts = { ...gathered.facts, dependents, ownSlo: healthy(0.64, 0.5) };
    const engineDecision = evaluatePolicies(policies.policies, facts, { ...input, breakGlassReason: null }, at);
    const teams = await findTeamsBySlugs(organizationId, engineDecision.approvalsRequired.map((requirement) => requirement.teamSlug));
    const decision = requireKnownApprovers(engineDecision, teams);
    const write = buildDeployDecisionWrite({
      organizationId,
      input,
      gathered: { ...gathered, facts },
      decision,
      policies,
      teams,
      idempotencyKey: null,
      requestHash: hashDeployRequest(input),
      requestedVia: { kind: "demo" },
      baseUrl,
      now: at,
      source: "demo",
      demo: true,
    });
    await insertDeployDecision(organizationId, write);
    const id = write.request.id;
    const actor = { kind: "token" as const, tokenId: "demo", tokenName: DEMO_REQUESTER };
    try {
      if (scenario.then === "deployed" && decision.outcome === "approved") {
        await reportDeployEvent(organizationId, id, { type: "started" }, { actor, baseUrl, now: new Date(at.getTime() + 2 * MINUTE) });
        await reportDeployEvent(organizationId, id, { type: "succeeded", message: "rollout complete, 12/12 pods ready" }, { actor, baseUrl, now: new Date(at.getTime() + 9 * MINUTE) });
      } else if (scenario.then === "rejected" && scenario.rejection && decision.outcome === "pending") {
        const { team, person, comment } = scenario.rejection;
        await decideApproval(
          organizationId,
          { deployRequestId: id, teamSlug: team, decision: "reject", comment, person },
          { channel: "web", baseUrl, now: new Date(at.getTime() + 14 * MINUTE) },
        );
      } else if (scenario.then === "expired" && decision.expiresAt) {
        await expireDeployRequest(organizationId, id, new Date(decision.expiresAt.getTime() + 5_000));
      }
    } catch (error) {
      // A catalog without the person or team the story names: keep the request as decided so far.
      log(`demo deploys: ${scenario.service} ${scenario.version} kept as ${decision.outcome} (${error instanceof Error ? error.message : String(error)})`);
    }
    seeded.push(`${scenario.service} ${scenario.version}`);
  }
  if (seeded.length > 0) log(`demo deploys: seeded ${seeded.length} deploy requests (${seeded.join(", ")}), requested by "${DEMO_REQUESTER}"`);
}
