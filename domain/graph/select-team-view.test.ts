import { describe, expect, it } from "vitest";
import { selectTeamView } from "./select-team-view.ts";

const team = (id: string, serviceCount = 1) => ({ id, serviceCount });
const relation = (source: string, target: string) => ({ source, target });

describe("the team-level view's selection", () => {
  it("draws every team and relation when they fit", () => {
    const teams = [team("a"), team("b"), team("c")];
    const relations = [relation("a", "b"), relation("~outside", "c")];
    expect(selectTeamView(teams, relations, 3, new Set(["~outside"]))).toEqual({ teams, relations });
  });

  it("takes the teams of the busiest relations first, then the largest teams, and keeps relations between drawn teams only", () => {
    const teams = [team("a", 1), team("b", 1), team("c", 1), team("d", 50), team("e", 40), team("f", 1)];
    // Busiest first: c→a, then f→b, then a→d.
    const relations = [relation("c", "a"), relation("f", "b"), relation("a", "d")];
    expect(selectTeamView(teams, relations, 3)).toEqual({
      teams: [team("a", 1), team("c", 1), team("f", 1)],
      relations: [relation("c", "a")],
    });
    expect(selectTeamView(teams, relations, 5)).toEqual({
      teams: [team("a", 1), team("b", 1), team("c", 1), team("d", 50), team("f", 1)],
      relations,
    });
    // Room left after the relations' teams: the largest of the others (d 50, then e 40).
    expect(selectTeamView(teams, relations.slice(0, 1), 4).teams.map((t) => t.id)).toEqual(["a", "c", "d", "e"]);
  });

  it("does not count the pseudo-team outside the mesh against the limit", () => {
    const teams = [team("a"), team("b"), team("c")];
    const relations = [relation("~outside", "a"), relation("~outside", "b"), relation("b", "c")];
    expect(selectTeamView(teams, relations, 2, new Set(["~outside"]))).toEqual({
      teams: [team("a"), team("b")],
      relations: [relation("~outside", "a"), relation("~outside", "b")],
    });
  });

  it("draws nothing for a limit of zero and no teams for an empty organization", () => {
    expect(selectTeamView([team("a")], [relation("a", "a")], 0)).toEqual({ teams: [], relations: [] });
    expect(selectTeamView([], [], 250)).toEqual({ teams: [], relations: [] });
  });
});
