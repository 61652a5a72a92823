import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";
import { runGate } from "@/cli/commands/gate-command.ts";
import type { TGateEnvironment } from "@/cli/commands/parse-gate-args.ts";
import { gateActionArgs, gateActionOutputs, githubOutputText, renderJobSummary } from "./github-action-report.ts";

/**
 * The composite action's one step: asks the gate with the same code as `plumbline-gate`
 * (its log lines are the job's log), then writes the outputs (`$GITHUB_OUTPUT`) and the job
 * summary (`$GITHUB_STEP_SUMMARY`) whatever the outcome, and answers the gate's exit code,
 * so the step fails unless the deploy was approved.
 */
export async function runGateAction(env: TGateEnvironment): Promise<number> {
  const result = await runGate(gateActionArgs(env), env);
  const outputFile = env.GITHUB_OUTPUT;
  if (outputFile) await appendFile(outputFile, githubOutputText(gateActionOutputs(result), `plumbline_${randomUUID()}`));
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const request = { service: env.INPUT_SERVICE?.trim() ?? "", environment: env.INPUT_ENVIRONMENT?.trim() ?? "", version: env.INPUT_VERSION?.trim() ?? "" };
    await appendFile(summaryFile, renderJobSummary(result, request));
  }
  return result.exitCode;
}
