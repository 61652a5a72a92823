/**
 * What the team-level view draws when an organization has more teams than one picture holds:
 * at most `maxTeams` teams, those of the busiest relations first (relations come busiest first;
 * a relation's caller before its callee), then the teams with the most services, and only the
 * relations whose two ends are drawn. Endpoints in `unbounded` (the pseudo-team "outside the
 * mesh") do not count against the limit. Without it, 2,000 teams made a 2,000-node, 529 KB
 * view (bench/team-view.bench.ts).
 */
export function selectTeamView<TTeam extends { id: string; serviceCount: number }, TRelation extends { source: string; target: string }>(
  teams: readonly TTeam[],
  relations: readonly TRelation[],
  maxTeams: number,
  unbounded: ReadonlySet<string> = new Set(),
): { teams: TTeam[]; relations: TRelation[] } {
  const teamIds = new Set(teams.map((team) => team.id));
  const drawn = new Set<string>();
  for (const relation of relations) {
    for (const end of [relation.source, relation.target]) {
      if (drawn.size >= maxTeams) break;
      if (teamIds.has(end) && !unbounded.has(end)) drawn.add(end);
    }
    if (drawn.size >= maxTeams) break;
  }
  if (drawn.size < maxTeams) {
    const rest = teams.filter((team) => !drawn.has(team.id)).sort((a, b) => b.serviceCount - a.serviceCount || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const team of rest.slice(0, maxTeams - drawn.size)) drawn.add(team.id);
  }
  const isDrawn = (id: string) => drawn.has(id) || unbounded.has(id);
  return {
    // In the order the teams came: the layout and the page stay stable as the selection changes.
    teams: teams.filter((team) => drawn.has(team.id)),
    relations: relations.filter((relation) => isDrawn(relation.source) && isDrawn(relation.target)),
  };
}
