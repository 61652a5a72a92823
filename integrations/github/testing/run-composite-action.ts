import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { childProcessEnv } from "@/server/config/get-config.ts";

interface TActionStep {
  id?: string;
  name?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}

export interface TCompositeAction {
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string; value: string }>;
  runs: { using: string; steps: TActionStep[] };
}

export interface TActionRun {
  /** The exit code of the step that failed, else 0. */
  code: number;
  /** The action's outputs, as `outputs.*.value` resolves them. */
  outputs: Record<string, string>;
  /** What the steps appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
  log: string;
}

export function readCompositeAction(actionDir: string): TCompositeAction {
  return YAML.parse(fs.readFileSync(path.join(actionDir, "action.yml"), "utf8")) as TCompositeAction;
}

/**
 * Reads a $GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER … DELIMITER` blocks,
 * as the runner does.
 */
export function parseGithubOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: ${name} is not closed by ${delimiter}`);
      outputs[name] = value.join("\n");
      continue;
    }
    const equals = line.indexOf("=");
    if (equals <= 0) throw new Error(`GITHUB_OUTPUT: cannot read line ${JSON.stringify(line)}`);
    outputs[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return outputs;
}

/**
 * Runs a composite action's steps as GitHub's runner would, without GitHub: `${{ inputs.* }}`,
 * `${{ github.action_path }}` and `${{ steps.<id>.outputs.* }}` resolved, each `run` through
 * `bash --noprofile --norc -eo pipefail`, with the step's env, GITHUB_ACTION_PATH, RUNNER_TEMP,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and `githubEnv` (GITHUB_SHA, …); steps after a
 * failed one are skipped. Only what the runner would pass reaches the steps (plus PATH).
 */
export async function runCompositeAction(actionDir: string, inputs: Record<string, string>, githubEnv: Record<string, string>): Promise<TActionRun> {
  const action = readCompositeAction(actionDir);
  if (action.runs.using !== "composite") throw new Error(`${actionDir}/action.yml is not a composite action`);
  for (const name of Object.keys(inputs)) if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputs[name] ?? spec.default ?? "";
    if (spec.required && value === "") throw new Error(`input ${name} is required`);
    values[name] = value;
  }
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expression = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input?.[1] !== undefined) return values[input[1]] ?? "";
      if (expr === "github.action_path") return actionDir;
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (output?.[1] !== undefined && output[2] !== undefined) return stepOutputs[output[1]]?.[output[2]] ?? "";
      throw new Error(`unsupported expression \${{ ${expr} }}`);
    });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "plumbline-action-"));
  const summaryFile = path.join(work, "step-summary.md");
  fs.writeFileSync(summaryFile, "");
  let log = "";
  let code = 0;
  try {
    for (const [index, step] of action.runs.steps.entries()) {
      if (step.uses !== undefined || step.run === undefined) throw new Error(`step ${index}: only run steps are supported`);
      if (step.shell !== "bash") throw new Error(`step ${index}: shell must be bash (a composite action's run step names its shell)`);
      const outputFile = path.join(work, `output-${index}`);
      fs.writeFileSync(outputFile, "");
      const env: NodeJS.ProcessEnv = {
        // Next's types make NODE_ENV required in ProcessEnv; GitHub's runner sets none, nothing here reads it.
        NODE_ENV: "production",
        PATH: childProcessEnv().PATH ?? "/usr/bin:/bin",
        ...githubEnv,
        RUNNER_TEMP: work,
        GITHUB_ACTION_PATH: actionDir,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expression(String(value))])),
      };
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expression(step.run ?? "")], { cwd: work, env, timeout: 120_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
        });
      });
      log += result.output;
      if (step.id) stepOutputs[step.id] = parseGithubOutputFile(fs.readFileSync(outputFile, "utf8"));
      if (result.code !== 0) {
        code = result.code;
        break;
      }
    }
    const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, spec]) => [name, expression(spec.value)]));
    return { code, outputs, summary: fs.readFileSync(summaryFile, "utf8"), log };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
