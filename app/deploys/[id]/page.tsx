import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DeployDetailView } from "@/app/components/deploy-detail-view.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getDeployRequestDetail } from "@/server/gate/get-deploy-request-detail.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { decideApprovalAction } from "./actions.ts";

export const dynamic = "force-dynamic";

type TParams = Promise<{ id: string }>;

// Metadata and the page both need the request; cache() makes that one read per render.
const loadDetail = cache(async (id: string) => {
  const { organization } = await getRequestContext();
  return withLoadedAt(getDeployRequestDetail(organization.id, id, publicBaseUrl(null)));
});

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { id } = await params;
  const { data } = await loadDetail(id);
  return { title: data ? `${data.service} ${data.version} → ${data.environment} · Deploy` : "Deploy request not found" };
}

export default async function DeployRequestPage({ params }: { params: TParams }) {
  const { id } = await params;
  const { data, loadedAt } = await loadDetail(id);
  if (!data) notFound();
  const { actor } = await getRequestContext();
  return <DeployDetailView initialDetail={data} renderedAt={loadedAt} decideAction={decideApprovalAction} viewerPersonId={actor.personId} />;
}
