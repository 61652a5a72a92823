export type ApproverSource = "dependent_owner" | "service_owner" | "configured" | "fallback";

export interface ApproverChoice {
  teams: string[];
  source: ApproverSource | null;
}

/**
 * The first option with a team wins. No team at all is a real outcome: the caller
 * turns it into a deny, because a pending request nobody may approve would only expire.
 */
export function chooseApprovers(options: readonly { teams: readonly (string | null)[]; source: ApproverSource }[]): ApproverChoice {
  for (const option of options) {
    const teams = [...new Set(option.teams.filter((team): team is string => team !== null && team !== ""))];
    if (teams.length > 0) return { teams, source: option.source };
  }
  return { teams: [], source: null };
}
