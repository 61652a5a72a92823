import type { Metadata } from "next";
import { GraphView } from "@/app/components/graph-view.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getServiceGraph } from "@/server/graph/get-service-graph.ts";
import { ZServiceGraphQuery } from "@/server/graph/graph.schemas.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Service graph" };

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The service graph: who calls whom, how much and how well, coloured by SLO status. */
export default async function GraphPage({ searchParams }: { searchParams: TSearchParams }) {
  const params = await searchParams;
  const focusParam = first(params.focus);
  const teamParam = focusParam === undefined ? first(params.team) : undefined;
  const parsed = ZServiceGraphQuery.safeParse({ focus: focusParam, depth: first(params.depth), team: teamParam, view: first(params.view) });
  const query = parsed.success ? parsed.data : { depth: 2 };
  const organization = await getRequestOrganization();
  const { data: focused, loadedAt } = await withLoadedAt(getServiceGraph(organization.id, query));
  // An unknown focus or team (a renamed service, an old link) shows the default view and says so.
  const graph = focused ?? (await getServiceGraph(organization.id, { depth: query.depth }));
  if (!graph) throw new Error("the default service graph cannot be missing");
  const asked = focusParam ?? teamParam;
  const missingFocus = asked !== undefined && graph.focus !== asked && graph.team !== asked ? asked : null;
  return <GraphView initialGraph={graph} renderedAt={loadedAt} missingFocus={missingFocus} missingKind={focusParam !== undefined ? "service" : "team"} />;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
