import type { TGateResult } from "@/cli/commands/gate-command.ts";
import type { TGateEnvironment } from "@/cli/commands/parse-gate-args.ts";

/**
 * The action's inputs, as its step passes them (action.yml maps each `inputs.*` to an
 * `INPUT_*` variable in the step's env; PLUMBLINE_URL and PLUMBLINE_TOKEN are set there too),
 * turned into the gate client's arguments. Empty optional inputs are left out.
 */
export function gateActionArgs(env: TGateEnvironment): string[] {
  const input = (name: string): string => env[`INPUT_${name}`]?.trim() ?? "";
  const args = ["--service", input("SERVICE"), "--env", input("ENVIRONMENT"), "--version", input("VERSION")];
  const optional: [string, string][] = [
    ["--wait", input("WAIT")],
    ["--commit", input("COMMIT")],
    ["--break-glass", input("BREAK_GLASS")],
  ];
  for (const [flag, value] of optional) if (value !== "") args.push(flag, value);
  return args;
}

/** The step's outputs (action.yml exposes them as the action's). */
export function gateActionOutputs(result: TGateResult): Record<string, string> {
  return {
    decision: result.decision,
    status: result.status ?? "",
    "deploy-request-id": result.id ?? "",
    "deploy-request-url": result.url ?? "",
  };
}

/**
 * `$GITHUB_OUTPUT` text: every value in GitHub's multiline form (`name<<DELIMITER`), so a
 * value can never end the entry early or add one; the delimiter is random per call.
 */
export function githubOutputText(outputs: Record<string, string>, delimiter: string): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (value.includes(delimiter)) throw new Error(`output ${name} contains the delimiter`);
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

const HEADLINE: Record<TGateResult["decision"], string> = {
  approved: "✅ Approved: go ahead and deploy",
  rejected: "⛔ Not approved: do not deploy",
  pending: "⏱ Still pending when the wait ran out",
  error: "⚠️ The gate could not be asked",
};

/** A table cell: one line, pipes escaped, no HTML. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The job summary (`$GITHUB_STEP_SUMMARY`, Markdown): the decision, its reasons and the approvals, linked to the request. */
export function renderJobSummary(result: TGateResult, request: { service: string; environment: string; version: string }): string {
  const lines = [`### Plumbline deploy gate · ${HEADLINE[result.decision]}`, ""];
  const what = `\`${cell(request.service)}\` ${cell(request.version)} → \`${cell(request.environment)}\``;
  lines.push(result.url ? `${what} · status **${result.status ?? "unknown"}** · [deploy request](${result.url})` : what, "");
  if (result.summary) lines.push(cell(result.summary), "");
  if (result.error) lines.push(`> ${cell(result.error)}`, "");
  if (result.reasons.length > 0) {
    lines.push("| rule | effect | reason |", "| --- | --- | --- |");
    for (const reason of result.reasons) lines.push(`| ${cell(reason.rule)} | ${cell(reason.effect)} | ${cell(reason.message)} |`);
    lines.push("");
  }
  if (result.approvals.length > 0) {
    lines.push("| team | approval | by |", "| --- | --- | --- |");
    for (const approval of result.approvals) {
      const by = approval.decidedBy ? `${approval.decidedBy}${approval.comment ? ` — “${approval.comment}”` : ""}` : "";
      lines.push(`| ${cell(approval.teamName)} | ${cell(approval.status)} | ${cell(by)} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
