import { getPrisma } from "@/server/db/client.ts";

// Reads for the `/plumbline <service>` status card, org-scoped.

export interface TServiceStatusRow {
  slug: string;
  name: string;
  ownerTeam: { slug: string; name: string } | null;
  slos: { name: string; objective: number; status: string; budgetRemaining: number | null; burnRates: unknown }[];
  deployRequests: { id: string; version: string; environment: string; approvals: { status: string; team: { name: string } }[] }[];
}

export async function findServiceStatus(organizationId: string, reference: string): Promise<TServiceStatusRow | null> {
  return getPrisma().service.findFirst({
    where: { organizationId, OR: [{ slug: reference.toLowerCase() }, { name: { equals: reference, mode: "insensitive" } }] },
    select: {
      slug: true,
      name: true,
      ownerTeam: { select: { slug: true, name: true } },
      slos: { select: { name: true, objective: true, status: true, budgetRemaining: true, burnRates: true }, orderBy: { name: "asc" } },
      deployRequests: {
        where: { status: "pending" },
        select: { id: true, version: true, environment: true, approvals: { select: { status: true, team: { select: { name: true } } } } },
        orderBy: { createdAt: "desc" },
        take: 5,
      },
    },
  });
}

/** Service slugs that contain `text`, for "did you mean". */
export async function findSimilarServiceSlugs(organizationId: string, text: string, limit: number): Promise<string[]> {
  const rows = await getPrisma().service.findMany({
    where: { organizationId, OR: [{ slug: { contains: text.toLowerCase() } }, { name: { contains: text, mode: "insensitive" } }] },
    select: { slug: true },
    orderBy: { slug: "asc" },
    take: limit,
  });
  return rows.map((row) => row.slug);
}
