import type { TSlackMessage } from "@/domain/notifications/block-kit.ts";
import { buildServiceStatusMessage } from "@/domain/notifications/build-service-status-message.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { findSimilarServiceSlugs, findServiceStatus } from "./notifications-slack-status.repository.ts";
import { findOrganizationBySlackTeamId } from "./notifications-slack-tenancy.repository.ts";

/** `/plumbline <service>`: the status card, or a sentence that helps (usage, unknown service, unknown workspace). */
export async function getServiceStatusCard(slackTeamId: string | undefined, text: string): Promise<TSlackMessage | { text: string }> {
  const reference = text.trim().split(/\s+/)[0] ?? "";
  if (!reference || reference === "help") return { text: "Usage: `/plumbline <service>` shows a service's owner, SLOs, error budget and pending deploys (e.g. `/plumbline checkout`)." };
  const organization = slackTeamId ? await findOrganizationBySlackTeamId(slackTeamId) : null;
  if (!organization) return { text: "This Slack workspace is not connected to a Plumbline organization." };
  const service = await findServiceStatus(organization.id, reference);
  if (!service) {
    const similar = await findSimilarServiceSlugs(organization.id, reference.slice(0, 60), 5);
    return {
      text: `No service "${reference}" in Plumbline's catalog.${similar.length ? ` Did you mean ${similar.map((slug) => `\`${slug}\``).join(", ")}?` : " Try the slug shown on its service page."}`,
    };
  }
  return buildServiceStatusMessage({
    baseUrl: publicBaseUrl(null),
    service: { slug: service.slug, name: service.name, ownerTeam: service.ownerTeam },
    slos: service.slos.map((slo) => ({ name: slo.name, objectivePercent: slo.objective, status: slo.status, budgetRemaining: slo.budgetRemaining, burnRate1h: readBurnRate1h(slo.burnRates) })),
    pendingDeploys: service.deployRequests.map((request) => ({
      id: request.id,
      version: request.version,
      environment: request.environment,
      waitingFor: request.approvals.filter((approval) => approval.status === "pending").map((approval) => approval.team.name),
    })),
  });
}

function readBurnRate1h(burnRates: unknown): number | null {
  if (typeof burnRates !== "object" || burnRates === null) return null;
  const value = (burnRates as Record<string, unknown>)["1h"];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
