/** Where the `plumbline` CLI and the standalone gate client find the server when PLUMBLINE_URL is unset. */
export const DEFAULT_PLUMBLINE_URL = "http://localhost:3000";

/** The CI systems' own variables the gate reads (GitHub Actions first, then GitLab CI). */
export const CI_RUN_VARIABLES = ["GITHUB_SHA", "GITHUB_ACTOR", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID", "CI_COMMIT_SHA", "GITLAB_USER_LOGIN", "CI_JOB_URL"] as const;
export type TCiRunVariable = (typeof CI_RUN_VARIABLES)[number];

export interface TCiRun {
  commit: string | null;
  requestedBy: string | null;
  ciUrl: string | null;
}

/**
 * What CI says about the run: the commit, who triggered it and the run's URL, from GitHub
 * Actions' variables, else GitLab CI's. Values are trimmed and empty ones count as unset
 * (as server/config reads every variable). Shared by server/config and the standalone gate
 * client, which has no zod and no server/config.
 */
export function ciRunFrom(env: Readonly<Partial<Record<TCiRunVariable, string | null | undefined>>>): TCiRun {
  const read = (name: TCiRunVariable): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const server = read("GITHUB_SERVER_URL");
  const repository = read("GITHUB_REPOSITORY");
  const runId = read("GITHUB_RUN_ID");
  return {
    commit: read("GITHUB_SHA") ?? read("CI_COMMIT_SHA"),
    requestedBy: read("GITHUB_ACTOR") ?? read("GITLAB_USER_LOGIN"),
    ciUrl: server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : read("CI_JOB_URL"),
  };
}
