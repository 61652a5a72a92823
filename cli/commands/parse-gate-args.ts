import { ciRunFrom, DEFAULT_PLUMBLINE_URL } from "@/domain/ci/ci-run.ts";
import { parseDuration } from "@/domain/time/duration.ts";
import { parseFlags } from "./parse-flags.ts";

export interface TGateOptions {
  service: string;
  environment: string;
  version: string;
  commit: string | null;
  requestedBy: string | null;
  ciUrl: string | null;
  breakGlassReason: string | null;
  /** How long to wait for a decision while pending; 0 = do not wait. */
  waitMs: number;
  url: string;
  tokenEnv: string;
  token: string;
  idempotencyKey: string | null;
  /** Where to write the outcome as JSON (TGateResult, gate-command.ts) for CI steps that read it; null: nowhere. */
  resultFile: string | null;
}

export const GATE_USAGE = `usage: plumbline gate --service S --env E --version V [--commit SHA] [--wait 30m]
                      [--url URL] [--token-env NAME] [--requested-by WHO] [--ci-url URL]
                      [--break-glass REASON] [--idempotency-key KEY] [--result-file FILE]`;

/**
 * The gate's environment as a plain record: PLUMBLINE_URL, PLUMBLINE_TOKEN (or the variable
 * --token-env names) and the CI system's variables. The `plumbline` CLI passes its process's
 * environment after server/config validated it; the standalone client (cli/gate) passes
 * process.env. No zod and no server/config here: this file is bundled into that client.
 */
export type TGateEnvironment = Readonly<Record<string, string | undefined>>;

const KNOWN = new Set(["service", "env", "environment", "version", "commit", "wait", "url", "token-env", "requested-by", "ci-url", "break-glass", "idempotency-key", "result-file"]);
const DEFAULT_WAIT_MS = 30 * 60_000;

/**
 * `plumbline gate` arguments plus what CI systems already say about the run: commit,
 * who triggered it and the job's URL default from GitHub Actions or GitLab CI variables
 * when not given. Pure: the environment is passed in as a record.
 */
export function parseGateArgs(args: readonly string[], env: TGateEnvironment): { ok: true; options: TGateOptions } | { ok: false; error: string } {
  const { positional, flags } = parseFlags(args, [...KNOWN]);
  const problems: string[] = [];
  if (positional.length > 0) problems.push(`unexpected argument${positional.length > 1 ? "s" : ""}: ${positional.join(" ")}`);
  for (const name of flags.keys()) if (!KNOWN.has(name)) problems.push(`unknown option --${name}`);

  const text = (name: string): string | null => {
    const value = flags.get(name);
    if (value === undefined) return null;
    if (value === true || value.trim() === "") {
      problems.push(`--${name} needs a value`);
      return null;
    }
    return value.trim();
  };
  const required = (name: string, example: string, alias?: string): string => {
    const value = text(name) ?? (alias ? text(alias) : null);
    if (value === null && !flags.has(name) && !(alias && flags.has(alias))) problems.push(`--${name} is required (e.g. --${name} ${example})`);
    return value ?? "";
  };

  // Every option takes a value; catch a dangling one ("--commit" at the end) up front.
  for (const name of flags.keys()) if (KNOWN.has(name)) text(name);

  const service = required("service", "payments");
  const environment = required("env", "production", "environment");
  const version = required("version", "1.42.0");

  const waitText = text("wait");
  let waitMs = DEFAULT_WAIT_MS;
  if (waitText !== null) {
    const parsed = parseDuration(waitText);
    if (parsed === null) problems.push(`--wait must be a duration such as 30m, 90s or 1h30m (got "${waitText}")`);
    else waitMs = parsed;
  }

  const variable = (name: string): string | null => env[name]?.trim() || null;
  const url = (text("url") ?? variable("PLUMBLINE_URL") ?? DEFAULT_PLUMBLINE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/\S+$/.test(url)) problems.push(`--url must be an http(s) URL (got "${url}")`);
  const tokenEnv = text("token-env") ?? "PLUMBLINE_TOKEN";
  const token = variable(tokenEnv) ?? "";
  if (problems.length === 0 && token === "") {
    problems.push(`no API token: set ${tokenEnv} (create a token under Settings → API tokens, ${url}/settings/tokens)`);
  }
  if (problems.length > 0) return { ok: false, error: [...new Set(problems)].join("\n") };
  const ci = ciRunFrom(env);

  return {
    ok: true,
    options: {
      service,
      environment,
      version,
      commit: text("commit") ?? ci.commit,
      requestedBy: text("requested-by") ?? ci.requestedBy,
      ciUrl: text("ci-url") ?? ci.ciUrl,
      breakGlassReason: text("break-glass"),
      waitMs,
      url,
      tokenEnv,
      token,
      idempotencyKey: text("idempotency-key"),
      resultFile: text("result-file"),
    },
  };
}
