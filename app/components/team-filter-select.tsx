import type { TTeamOption } from "@/server/catalog/catalog.schemas.ts";

/** The "Team" filter of a list page: every team of the organization, or all of them (undefined). */
export function TeamFilterSelect(props: { id: string; teams: TTeamOption[]; value: string | undefined; onChange: (team: string | undefined) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Team</label>
      <select id={props.id} className="select" value={props.value ?? ""} onChange={(event) => props.onChange(event.currentTarget.value || undefined)}>
        <option value="">All teams</option>
        {props.teams.map((team) => (
          <option key={team.slug} value={team.slug}>
            {team.name}
          </option>
        ))}
      </select>
    </div>
  );
}
