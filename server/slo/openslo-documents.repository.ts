import { canonicalJson } from "@/domain/gate/canonical-json.ts";
import { keepRedactedSecrets, type StandaloneOpenSloDocument, type StandaloneOpenSloKind } from "@/domain/slo/standalone-openslo-documents.ts";
import type { DocumentWriteStatus } from "@/domain/catalog/account-import.ts";
import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";

// The only file that touches Prisma for standalone OpenSLO documents (SLI, DataSource);
// every query is scoped by the organization.

/**
 * Makes the SLI and DataSource documents of one catalog location match an import, diff-only:
 * an unchanged document is not written; with `prune` (no error anywhere in the import) the
 * location's documents it no longer declares are deleted. A document of the same kind and
 * name from another location is taken over (names are unique per organization, as OpenSLO's are).
 * Returns the status of each written document by `<kind>/<name>`, and how many were removed.
 */
export async function applyOpenSloDocuments(
  organizationId: string,
  input: { origin: string; documents: readonly StandaloneOpenSloDocument[]; prune: boolean },
): Promise<{ statuses: Map<string, DocumentWriteStatus>; removed: number }> {
  return getPrisma().$transaction(async (tx) => {
    const existing = new Map(
      (await tx.openSloDocument.findMany({ where: { organizationId }, select: { id: true, kind: true, name: true, displayName: true, spec: true, catalogOrigin: true } })).map(
        (row) => [`${row.kind}/${row.name}`, row],
      ),
    );
    const statuses = new Map<string, DocumentWriteStatus>();
    for (const document of input.documents) {
      const key = `${document.kind}/${document.name}`;
      const row = existing.get(key);
      const storedSpec = row && typeof row.spec === "object" && row.spec !== null && !Array.isArray(row.spec) ? (row.spec as Record<string, unknown>) : null;
      const spec = keepRedactedSecrets(document.spec, storedSpec) as Prisma.InputJsonObject;
      if (row === undefined) {
        await tx.openSloDocument.create({ data: { organizationId, kind: document.kind, name: document.name, displayName: document.displayName, spec, catalogOrigin: input.origin } });
        statuses.set(key, "imported");
      } else if (row.displayName !== document.displayName || row.catalogOrigin !== input.origin || canonicalJson(row.spec) !== canonicalJson(spec)) {
        await tx.openSloDocument.update({ where: { id: row.id }, data: { displayName: document.displayName, spec, catalogOrigin: input.origin } });
        statuses.set(key, "updated");
      } else {
        statuses.set(key, "unchanged");
      }
    }
    let removed = 0;
    if (input.prune) {
      const gone = [...existing.values()].filter((row) => row.catalogOrigin === input.origin && !statuses.has(`${row.kind}/${row.name}`)).map((row) => row.id);
      if (gone.length > 0) removed = (await tx.openSloDocument.deleteMany({ where: { organizationId, id: { in: gone } } })).count;
    }
    return { statuses, removed };
  });
}

/** Every stored SLI and DataSource document of the organization, by kind then name (secrets as stored: redact before showing). */
export async function findOpenSloDocuments(organizationId: string): Promise<StandaloneOpenSloDocument[]> {
  const rows = await getPrisma().openSloDocument.findMany({
    where: { organizationId },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: { kind: true, name: true, displayName: true, spec: true },
  });
  return rows.map((row) => ({
    kind: row.kind as StandaloneOpenSloKind,
    name: row.name,
    displayName: row.displayName,
    spec: typeof row.spec === "object" && row.spec !== null && !Array.isArray(row.spec) ? (row.spec as Record<string, unknown>) : {},
  }));
}
