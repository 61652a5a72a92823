import type { CatalogProblem, CatalogTeam, GroupEntity } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";
import type { CatalogIndex } from "./index-catalog-entities.ts";
import { problemAt } from "./problem-at.ts";
import { resolveEntityRef } from "./resolve-entity-ref.ts";
import { resolveTeamSlug } from "./resolve-team-slug.ts";

/**
 * Every Group becomes a team. The hierarchy comes from `spec.parent`, and from a
 * parent's `spec.children` when the child names no parent itself (Backstage treats the
 * two as the same relation). Cycles are cut so tree views always terminate.
 */
export function buildTeams(groups: readonly GroupEntity[], index: CatalogIndex): { teams: CatalogTeam[]; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const parentOf = new Map<string, string>();

  for (const group of groups) {
    if (group.parent === null) continue;
    const parent = resolveTeamSlug(index, group.parent);
    if (parent.ok) parentOf.set(group.slug, parent.teamSlug);
    else problems.push(problemAt(group, group.parent.field, `${parent.message}; parent left empty`, "warning"));
  }
  for (const group of groups) {
    for (const childAt of group.children) {
      const child = resolveEntityRef(index, childAt, "group");
      if (!child.ok) {
        problems.push(problemAt(group, childAt.field, `${child.message}; skipped`, "warning"));
        continue;
      }
      const declared = parentOf.get(child.entity.slug);
      if (declared === undefined) parentOf.set(child.entity.slug, group.slug);
      else if (declared !== group.slug) {
        const message = `"${child.entity.slug}" already has parent "${declared}"; a team has one parent, so this is ignored`;
        problems.push(problemAt(group, childAt.field, message, "warning"));
      }
    }
  }
  problems.push(...cutParentCycles(groups, parentOf));

  const teams = groups.map((group) => ({
    slug: group.slug,
    name: group.displayName ?? group.title ?? group.name,
    description: group.description,
    slackChannel: group.slackChannel,
    ...(group.slackDmApprovers ? { slackDmApprovers: true as const } : {}),
    parentSlug: parentOf.get(group.slug) ?? null,
    email: group.email,
  }));
  return { teams: teams.sort((a, b) => compareText(a.slug, b.slug)), problems };
}

/** Walks up from each team in slug order; a walk that comes back to its start loses that team's parent. */
function cutParentCycles(groups: readonly GroupEntity[], parentOf: Map<string, string>): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const sorted = [...groups].sort((a, b) => compareText(a.slug, b.slug));
  for (const group of sorted) {
    const seen = new Set<string>();
    let current = parentOf.get(group.slug);
    while (current !== undefined && current !== group.slug && !seen.has(current)) {
      seen.add(current);
      current = parentOf.get(current);
    }
    if (current !== group.slug) continue;
    parentOf.delete(group.slug);
    const field = group.parent === null ? "spec.parent" : group.parent.field;
    problems.push(problemAt(group, field, "team hierarchy has a cycle through this group; its parent is left empty", "warning"));
  }
  return problems;
}
