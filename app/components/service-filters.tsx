"use client";

import { useEffect, useRef } from "react";
import type { TServiceListQuery, TTeamOption } from "@/server/catalog/catalog.schemas.ts";
import { TeamFilterSelect } from "./team-filter-select.tsx";

const SEARCH_DEBOUNCE_MS = 250;

/** One control for two URL parameters: `stale` (no workloads, no traffic) and `archived`. */
type TActivity = "all" | "stale" | "active" | "archived";
const ACTIVITY_FILTERS: Record<TActivity, Pick<TServiceListQuery, "stale" | "archived">> = {
  all: { stale: undefined, archived: undefined },
  stale: { stale: "true", archived: undefined },
  active: { stale: "false", archived: undefined },
  archived: { stale: undefined, archived: "true" },
};

function activityOf(query: TServiceListQuery): TActivity {
  if (query.archived === "true") return "archived";
  return query.stale === "true" ? "stale" : query.stale === "false" ? "active" : "all";
}

/**
 * Search, team, tier and activity (stale, archived) controls. They only report changes; the owner puts them in the
 * URL. The search box is uncontrolled so typing never waits for a server round trip.
 */
export function ServiceFilters({
  query,
  teams,
  onChange,
}: {
  query: TServiceListQuery;
  teams: TTeamOption[];
  onChange: (patch: Partial<TServiceListQuery>) => void;
}) {
  const searchRef = useRef<HTMLInputElement>(null);
  const debounceRef = useRef<ReturnType<typeof setTimeout> | null>(null);

  // When the URL changes from outside the box (Clear filters, the nav link), show its q.
  // Skipped while a keystroke is still waiting to be sent, so typing is never clobbered.
  useEffect(() => {
    const input = searchRef.current;
    if (input && debounceRef.current === null && input.value !== (query.q ?? "")) {
      input.value = query.q ?? "";
    }
  }, [query.q]);

  useEffect(
    () => () => {
      if (debounceRef.current !== null) clearTimeout(debounceRef.current);
    },
    [],
  );

  function onSearchInput(value: string) {
    if (debounceRef.current !== null) clearTimeout(debounceRef.current);
    debounceRef.current = setTimeout(() => {
      debounceRef.current = null;
      onChange({ q: value.trim() || undefined });
    }, SEARCH_DEBOUNCE_MS);
  }

  return (
    <>
      <div className="field field-grow">
        <label htmlFor="service-search">Search services</label>
        <input
          ref={searchRef}
          id="service-search"
          className="input"
          type="search"
          placeholder="Name, slug, description or tag"
          defaultValue={query.q ?? ""}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onSearchInput(event.currentTarget.value)}
        />
      </div>
      <TeamFilterSelect id="service-team" teams={teams} value={query.team} onChange={(team) => onChange({ team })} />
      <div className="field">
        <label htmlFor="service-tier">Tier</label>
        <select
          id="service-tier"
          className="select"
          value={query.tier === undefined ? "" : String(query.tier)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ tier: value === "" ? undefined : Number(value) });
          }}
        >
          <option value="">All tiers</option>
          <option value="1">Tier 1</option>
          <option value="2">Tier 2</option>
          <option value="3">Tier 3</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="service-activity">Activity</label>
        <select
          id="service-activity"
          className="select"
          value={activityOf(query)}
          onChange={(event) => onChange(ACTIVITY_FILTERS[event.currentTarget.value as TActivity])}
        >
          <option value="all">All services</option>
          <option value="stale">Stale only</option>
          <option value="active">Not stale</option>
          <option value="archived">Archived</option>
        </select>
      </div>
    </>
  );
}
