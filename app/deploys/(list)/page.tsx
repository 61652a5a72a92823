import type { Metadata } from "next";
import { DeployList, type TDeployListFilter } from "@/app/components/deploy-list.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { listTeamOptions } from "@/server/catalog/list-teams.ts";
import { ZDeployRequestListQuery } from "@/server/gate/gate.schemas.ts";
import { listDeployRequests } from "@/server/gate/list-deploy-requests.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

// In the (list) route group so its loading.tsx does not wrap /deploys/[id], which must
// answer a real 404 for an unknown id.

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Deploys" };

type TSearchParams = Record<string, string | string[] | undefined>;

/** Each filter is read on its own: one bad value in a shared link drops that filter, not the page. */
function readFilter(params: TSearchParams): { filter: TDeployListFilter; problems: string[] } {
  const filter: TDeployListFilter = {};
  const problems: string[] = [];
  const shape = ZDeployRequestListQuery.shape;
  for (const key of ["service", "q", "team", "status", "for"] as const) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === "") continue;
    const parsed = shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(filter, { [key]: parsed.data });
    else problems.push(`${key}: ${parsed.success ? "empty" : (parsed.error.issues[0]?.message ?? "invalid")}`);
  }
  return { filter, problems };
}

export default async function DeploysPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const { organization, actor } = await getRequestContext();
  const { filter, problems } = readFilter(await searchParams);
  const [{ data: requests, loadedAt }, teams] = await Promise.all([
    withLoadedAt(listDeployRequests(organization.id, { ...filter, limit: 50 }, new Date(), actor.personId)),
    listTeamOptions(organization.id),
  ]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Deploys</h1>
          <p className="subtitle">What CI asked the deploy gate, what it decided and why, and who approved. Newest first.</p>
        </div>
      </div>
      {problems.length > 0 ? (
        <div className="callout callout-warning page-callout" role="status">
          <h2>Some filters in this link were ignored</h2>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <DeployList filter={filter} initialRequests={requests} renderedAt={loadedAt} teams={teams} />
    </>
  );
}
