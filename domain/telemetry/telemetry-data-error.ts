/**
 * Prometheus answered, but not with something Plumbline can trust (wrong shape, NaN
 * counts, missing labels). Raised instead of returning zeros: a zero would read as
 * "healthy, no errors" where the truth is "we do not know".
 */
export class TelemetryDataError extends Error {
  constructor(
    /** Which question was being answered, e.g. `linkerd edge traffic`. */
    readonly what: string,
    /** One line per problem, each saying where and what. */
    readonly problems: readonly string[],
  ) {
    super(`Prometheus answer for ${what} is not usable: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
    this.name = "TelemetryDataError";
  }
}
