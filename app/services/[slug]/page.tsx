import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ServiceDetailView } from "@/app/components/service-detail-view.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { ServiceIncidentsPanel } from "@/app/components/service-incidents-panel.tsx";
import { getService } from "@/server/catalog/get-service.ts";
import { getServiceIncidents } from "@/server/incidents/get-service-incidents.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

type TParams = Promise<{ slug: string }>;

// Metadata and the page both need the service; cache() makes that one query per request.
const loadService = cache(async (slug: string) => {
  const organization = await getRequestOrganization();
  return withLoadedAt(getService(organization.id, slug));
});

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { slug } = await params;
  const { data: service } = await loadService(slug);
  return { title: service ? service.name : "Service not found" };
}

export default async function ServicePage({ params }: { params: TParams }) {
  const { slug } = await params;
  const { data: service, loadedAt } = await loadService(slug);
  if (!service) notFound();
  const organization = await getRequestOrganization();
  const incidents = await getServiceIncidents(organization.id, slug, new Date());
  const incidentsPanel = incidents ? <ServiceIncidentsPanel slug={slug} serviceName={service.name} incidents={incidents} /> : null;
  return <ServiceDetailView initialService={service} renderedAt={loadedAt} incidentsPanel={incidentsPanel} />;
}
