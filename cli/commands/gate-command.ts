import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parseRetryAfterMs, retryDelayMs } from "@/domain/retry/backoff.ts";
import type { TDeployRequestDto } from "@/server/gate/gate.schemas.ts";
import { formatDurationMs } from "@/domain/time/duration.ts";
import { GATE_USAGE, parseGateArgs, type TGateEnvironment, type TGateOptions } from "./parse-gate-args.ts";

/** Exit codes, as DESIGN and the README promise them to CI. */
export const GATE_EXIT = { approved: 0, error: 1, denied: 2, timedOut: 3 } as const;
type TGateExit = (typeof GATE_EXIT)[keyof typeof GATE_EXIT];

const POLL_SECONDS = 30;
const MAX_TRANSIENT_FAILURES = 5;
const RETRY_POLICY = { initialMs: 500, maxMs: 10_000, jitter: 0.5, maxRetryAfterMs: 60_000 };

class GateError extends Error {}

/**
 * `plumbline gate`: asks the deploy gate, prints the decision and its reasons, and while
 * the request is pending waits for the owners' decision with long-polls (?wait=30), so
 * a 30-minute wait is ~60 requests, not thousands. Exit 0 approved, 2 rejected / expired /
 * cancelled, 3 still pending when --wait ran out, 1 on any error (the problem's detail is
 * printed). Network hiccups and 5xx/429 answers are retried with backoff; the POST keeps
 * its Idempotency-Key across retries, so a retry never creates a second request.
 *
 * `env` is a plain record (see TGateEnvironment): this file, parse-gate-args.ts and what they
 * import are also bundled into the standalone client `plumbline-gate` (cli/gate), so nothing
 * here may import server/config, zod or anything beyond Node's standard library.
 */
export async function runGateCommand(args: readonly string[], env: TGateEnvironment): Promise<number> {
  return (await runGate(args, env)).exitCode;
}

/** runGateCommand with its outcome (TGateResult), for callers that report it (the GitHub Action). */
export async function runGate(args: readonly string[], env: TGateEnvironment): Promise<TGateResult> {
  const parsed = parseGateArgs(args, env);
  if (!parsed.ok) {
    console.error(`plumbline gate: ${parsed.error}\n\n${GATE_USAGE}`);
    return gateResult(GATE_EXIT.error, null, parsed.error);
  }
  const options = parsed.options;
  const started = Date.now();
  const deadline = started + options.waitMs;
  const client = new GateClient(options);
  try {
    const idempotencyKey = options.idempotencyKey ?? randomUUID();
    let request = await client.create(idempotencyKey);
    printDecision(request);
    if (request.status === "pending" && options.waitMs > 0) {
      console.log(`Waiting up to ${formatDurationMs(options.waitMs)} for ${waitingFor(request)}…`);
    }
    const progress = new ProgressLine();
    while (request.status === "pending") {
      const left = deadline - Date.now();
      if (left <= 0) break;
      progress.show(`… pending · waiting for ${waitingFor(request)} · ${formatDurationMs(Date.now() - started)} elapsed`);
      const previous = request;
      request = await client.get(request.id, Math.max(1, Math.min(POLL_SECONDS, Math.ceil(left / 1000))));
      for (const line of describeApprovalChanges(previous, request)) progress.print(line);
    }
    progress.done();
    const result = gateResult(printOutcome(request, options, idempotencyKey, Date.now() - started), request, null);
    await writeResult(options, result);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`✖ ${message}`);
    const result = gateResult(GATE_EXIT.error, null, message);
    await writeResult(options, result).catch(() => {});
    return result;
  }
}

/** Exit code → the one word CI branches on (the GitHub Action's `decision` output). */
const DECISION_BY_EXIT = { [GATE_EXIT.approved]: "approved", [GATE_EXIT.denied]: "rejected", [GATE_EXIT.timedOut]: "pending", [GATE_EXIT.error]: "error" } as const;

/**
 * What `--result-file` holds (JSON): `decision` approved | rejected (rejected, expired or
 * cancelled: see `status`) | pending (--wait ran out) | error; the request as the API
 * answered it when there is one, else the error's message.
 */
export interface TGateResult {
  decision: (typeof DECISION_BY_EXIT)[keyof typeof DECISION_BY_EXIT];
  exitCode: number;
  status: TDeployRequestDto["status"] | null;
  id: string | null;
  url: string | null;
  summary: string | null;
  reasons: TDeployRequestDto["reasons"];
  approvals: TDeployRequestDto["approvals"];
  error: string | null;
}

function gateResult(code: TGateExit, request: TDeployRequestDto | null, error: string | null): TGateResult {
  return {
    decision: DECISION_BY_EXIT[code],
    exitCode: code,
    status: request?.status ?? null,
    id: request?.id ?? null,
    url: request?.links.ui ?? null,
    summary: request?.summary ?? null,
    reasons: request?.reasons ?? [],
    approvals: request?.approvals ?? [],
    error,
  };
}

async function writeResult(options: TGateOptions, result: TGateResult): Promise<void> {
  if (options.resultFile) await writeFile(options.resultFile, `${JSON.stringify(result, null, 2)}\n`);
}

class GateClient {
  constructor(private readonly options: TGateOptions) {}

  create(idempotencyKey: string): Promise<TDeployRequestDto> {
    const body = {
      service: this.options.service,
      environment: this.options.environment,
      version: this.options.version,
      ...(this.options.commit ? { commit: this.options.commit } : {}),
      ...(this.options.requestedBy ? { requestedBy: this.options.requestedBy } : {}),
      ...(this.options.ciUrl ? { ciUrl: this.options.ciUrl } : {}),
      ...(this.options.breakGlassReason ? { breakGlassReason: this.options.breakGlassReason } : {}),
    };
    return this.send("/api/v1/deploy-requests", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", "idempotency-key": idempotencyKey } }, 0);
  }

  get(id: string, waitSeconds: number): Promise<TDeployRequestDto> {
    return this.send(`/api/v1/deploy-requests/${encodeURIComponent(id)}?wait=${waitSeconds}`, { method: "GET" }, waitSeconds);
  }

  private async send(path: string, init: { method: string; body?: string; headers?: Record<string, string> }, waitSeconds: number): Promise<TDeployRequestDto> {
    const url = `${this.options.url}${path}`;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          headers: { accept: "application/json", authorization: `Bearer ${this.options.token}`, ...init.headers },
          // A long-poll answers within wait seconds; allow for that plus a slow network.
          signal: AbortSignal.timeout((waitSeconds + 30) * 1000),
        });
      } catch (error) {
        if (attempt >= MAX_TRANSIENT_FAILURES) {
          throw new GateError(`Cannot reach Plumbline at ${this.options.url} (${describeFetchError(error)}); tried ${attempt} times.`);
        }
        await sleep(retryDelayMs(attempt, RETRY_POLICY, undefined));
        continue;
      }
      if (response.ok) return (await response.json()) as TDeployRequestDto;
      const problem = await readProblem(response);
      const transient = response.status === 429 || response.status >= 500;
      if (transient && attempt < MAX_TRANSIENT_FAILURES) {
        await sleep(retryDelayMs(attempt, RETRY_POLICY, parseRetryAfterMs(response.headers.get("retry-after"), Date.now())));
        continue;
      }
      throw new GateError(`${init.method} ${path} failed: ${response.status} ${problem}`);
    }
  }
}

async function readProblem(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object") {
      const title = "title" in body && typeof body.title === "string" ? body.title : response.statusText;
      const detail = "detail" in body && typeof body.detail === "string" ? body.detail : "";
      return detail ? `${title}: ${detail}` : title;
    }
  } catch {
    // Not problem+json (a proxy's error page): show the start of what came back.
  }
  return `${response.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : "";
    return cause ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}

const STATUS_LABEL: Record<TDeployRequestDto["status"], string> = {
  pending: "PENDING",
  approved: "APPROVED",
  rejected: "REJECTED",
  expired: "EXPIRED",
  cancelled: "CANCELLED",
  deployed: "DEPLOYED",
  failed: "FAILED",
};

function printDecision(request: TDeployRequestDto): void {
  console.log(`Plumbline deploy gate: ${request.service} ${request.version} → ${request.environment}`);
  console.log(`Decision: ${STATUS_LABEL[request.status]}${request.breakGlass ? " (break-glass)" : ""} — ${request.summary}`);
  for (const reason of request.reasons) console.log(`  • [${reason.rule}] ${reason.message}`);
  if (request.approvals.length > 0) {
    console.log("Approvals:");
    for (const approval of request.approvals) console.log(`  ${approval.teamName} (${approval.team}): ${describeApproval(approval)}`);
  }
  console.log(`Details: ${request.links.ui}`);
}

function describeApproval(approval: TDeployRequestDto["approvals"][number]): string {
  if (approval.status === "pending" || approval.status === "expired") return approval.status;
  return `${approval.status} by ${deciderOf(approval, "someone")}${approval.comment ? ` — “${approval.comment}”` : ""}`;
}

/** Who decided: a person, or the gate itself when every cause of the approval cleared (approveWhenCleared). */
function deciderOf(approval: TDeployRequestDto["approvals"][number], unknown: string): string {
  return approval.decidedBy ?? (approval.channel === "gate" ? "the gate" : unknown);
}

function waitingFor(request: TDeployRequestDto): string {
  const teams = request.approvals.filter((approval) => approval.status === "pending").map((approval) => approval.teamName);
  return teams.length > 0 ? `approval from ${teams.join(", ")}` : "a decision";
}

function describeApprovalChanges(before: TDeployRequestDto, after: TDeployRequestDto): string[] {
  const previous = new Map(before.approvals.map((approval) => [approval.team, approval.status]));
  return after.approvals
    .filter((approval) => previous.get(approval.team) !== approval.status && approval.status !== "pending")
    .map((approval) => `  ${approval.teamName}: ${describeApproval(approval)}`);
}

function printOutcome(request: TDeployRequestDto, options: TGateOptions, idempotencyKey: string, elapsedMs: number): TGateExit {
  const after = `after ${formatDurationMs(elapsedMs)}`;
  switch (request.status) {
    case "approved":
    case "deployed":
    case "failed": {
      const by = request.approvals.filter((approval) => approval.status === "approved").map((approval) => `${deciderOf(approval, "?")} (${approval.teamName})`);
      const reported = request.status === "approved" ? "" : ` (CI already reported it ${request.status})`;
      console.log(`✔ APPROVED${by.length ? ` by ${by.join(", ")}` : ""} ${after}${reported}. Go ahead and deploy.`);
      return GATE_EXIT.approved;
    }
    case "pending":
      console.log(
        `⏱ Still pending ${after} (--wait ${formatDurationMs(options.waitMs)}). The request stays open until ${request.expiresAt ?? "it is decided"}; ` +
          `run again with --idempotency-key ${idempotencyKey} to keep waiting for the same request. ${request.links.ui}`,
      );
      return GATE_EXIT.timedOut;
    default: {
      const decided = request.approvals.filter((approval) => approval.status === "rejected").map((approval) => `${approval.teamName}: ${describeApproval(approval)}`);
      console.log(`✖ ${STATUS_LABEL[request.status]} ${after}. Do not deploy.${decided.length ? ` ${decided.join("; ")}` : ""}`);
      return GATE_EXIT.denied;
    }
  }
}

/** One rewritten line on a terminal; one line per poll in CI logs, where \r does not work. */
class ProgressLine {
  private readonly tty = Boolean(process.stdout.isTTY);
  private shown = false;

  show(text: string): void {
    if (this.tty) {
      process.stdout.write(`\r\x1b[2K${text}`);
      this.shown = true;
    } else {
      console.log(text);
    }
  }

  print(line: string): void {
    this.done();
    console.log(line);
  }

  done(): void {
    if (this.tty && this.shown) process.stdout.write("\r\x1b[2K");
    this.shown = false;
  }
}

export const GATE_HELP = `  gate --service S --env E --version V [--commit SHA] [--wait 30m] [--url URL] [--token-env NAME]
                                  Ask the deploy gate (CI). Prints the decision and reasons and, while
                                  pending, waits for the owners' approval. Token from $PLUMBLINE_TOKEN
                                  (or the variable --token-env names). Exit 0 approved, 2 rejected /
                                  expired / cancelled, 3 still pending after --wait, 1 error.
                                  --result-file FILE writes the outcome as JSON for later CI steps.`;
