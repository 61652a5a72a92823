import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CatalogEntryView } from "@/app/components/catalog-entry-view.tsx";
import { CATALOG_ENTRY_KINDS, type TCatalogEntryKind } from "@/server/catalog/catalog.schemas.ts";
import { getCatalogEntry } from "@/server/catalog/get-catalog-entry.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

type TParams = Promise<{ kind: string; slug: string }>;

/** The second half of the tab title: "Orders API · API", "Primary database · Resource". */
const KIND_TITLES: Record<TCatalogEntryKind, string> = { api: "API", resource: "Resource", domain: "Domain" };

const loadEntry = cache(async (kind: string, slug: string) => {
  if (!(CATALOG_ENTRY_KINDS as readonly string[]).includes(kind)) return null;
  const organization = await getRequestOrganization();
  return getCatalogEntry(organization.id, kind as TCatalogEntryKind, slug);
});

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { kind, slug } = await params;
  const entry = await loadEntry(kind, slug);
  return { title: entry ? `${entry.name} · ${KIND_TITLES[kind as TCatalogEntryKind]}` : "Not found" };
}

export default async function CatalogEntryPage({ params }: { params: TParams }) {
  const { kind, slug } = await params;
  const entry = await loadEntry(kind, slug);
  if (!entry) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/catalog">Catalog</Link> / <span>{entry.name}</span>
      </nav>
      <CatalogEntryView entry={entry} />
    </>
  );
}
