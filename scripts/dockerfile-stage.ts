import fs from "node:fs";

export type TInstruction =
  | { kind: "COPY"; from: string | null; sources: string[]; dest: string }
  | { kind: "RUN"; command: string }
  | { kind: "ENV"; values: Record<string, string> }
  | { kind: "USER"; user: string }
  | { kind: "WORKDIR"; dir: string }
  | { kind: "CMD"; argv: string[] }
  | { kind: "HEALTHCHECK"; argv: string[] }
  | { kind: "OTHER"; keyword: string; rest: string };

/**
 * The instructions of one stage (`FROM … AS name` up to the next FROM) of a Dockerfile,
 * for the tests that replay the runtime stage without a container engine. Handles what
 * this repository's Dockerfile uses: line continuations, comments, `KEY=value` ENV,
 * exec-form (JSON) CMD and HEALTHCHECK, `COPY [--from=stage] src… dest`.
 */
export function readDockerfileStage(file: string, stage: string): TInstruction[] {
  const lines = fs
    .readFileSync(file, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const start = lines.findIndex((line) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${stage}$`, "i").test(line));
  if (start < 0) throw new Error(`${file} has no stage "${stage}"`);
  const end = lines.findIndex((line, i) => i > start && /^FROM\s/i.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).map(parseInstruction);
}

function parseInstruction(line: string): TInstruction {
  const [, keyword = "", rest = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
  switch (keyword.toUpperCase()) {
    case "COPY": {
      const words = rest.split(/\s+/);
      const fromFlag = words[0]?.startsWith("--from=") ? words.shift() : undefined;
      const dest = words.pop() ?? "";
      return { kind: "COPY", from: fromFlag ? fromFlag.slice("--from=".length) : null, sources: words, dest };
    }
    case "RUN":
      return { kind: "RUN", command: rest };
    case "ENV":
      return { kind: "ENV", values: Object.fromEntries(rest.split(/\s+/).map((pair) => pair.split("=", 2) as [string, string])) };
    case "USER":
      return { kind: "USER", user: rest };
    case "WORKDIR":
      return { kind: "WORKDIR", dir: rest };
    case "CMD":
      return { kind: "CMD", argv: JSON.parse(rest) as string[] };
    case "HEALTHCHECK": {
      const exec = /\bCMD\s+(\[.*\])$/.exec(rest);
      if (!exec?.[1]) throw new Error(`HEALTHCHECK must use the exec form: ${line}`);
      return { kind: "HEALTHCHECK", argv: JSON.parse(exec[1]) as string[] };
    }
    default:
      return { kind: "OTHER", keyword: keyword.toUpperCase(), rest };
  }
}
