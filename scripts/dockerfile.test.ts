import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { readDockerfileStage } from "./dockerfile-stage.ts";

const text = fs.readFileSync("Dockerfile", "utf8");

describe("Dockerfile", () => {
  it("pins the Node base image to an exact version, the major that package.json's engines allow", () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)\.(\d+)\.(\d+)-bookworm-slim$/m.exec(text);
    expect(image, "ARG NODE_IMAGE=node:<major>.<minor>.<patch>-bookworm-slim").not.toBeNull();
    const { engines } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { engines: { node: string } };
    expect(engines.node).toContain(`>=${image?.[1]}.`);
    for (const from of text.match(/^FROM .*$/gm) ?? []) expect(from).toMatch(/^FROM (\$\{NODE_IMAGE\}|deps) AS \w+$/);
  });

  it("runs the runtime stage as a non-root user, with a HEALTHCHECK, and compiled JavaScript only", () => {
    const stage = readDockerfileStage("Dockerfile", "runtime");
    const user = stage.find((i) => i.kind === "USER");
    expect(user && user.kind === "USER" ? user.user : "root").not.toMatch(/^(root|0)$/);
    expect(stage.some((i) => i.kind === "HEALTHCHECK")).toBe(true);
    const cmd = stage.find((i) => i.kind === "CMD");
    expect(cmd?.kind === "CMD" ? cmd.argv : []).toEqual(["node", "--max-old-space-size=320", "dist/start.js"]);
    expect(stage.filter((i) => i.kind === "RUN").map((i) => (i.kind === "RUN" ? i.command : ""))).toEqual([
      expect.stringContaining("npm ci --omit=dev"),
      expect.stringContaining("mkdir -p .next/cache /data"),
    ]);
    expect(JSON.stringify(stage)).not.toMatch(/tsx|\.ts"/);
  });

  it("tunes glibc's malloc in the runtime stage so RSS follows the live heap (bench/memory-soak.bench.ts)", () => {
    const env = Object.assign({}, ...readDockerfileStage("Dockerfile", "runtime").map((i) => (i.kind === "ENV" ? i.values : {}))) as Record<string, string>;
    expect(env).toMatchObject({ MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" });
  });

  it("the stage reader understands continuations, exec-form CMD and COPY --from", () => {
    const dir = fs.mkdtempSync("/tmp/dockerfile-");
    const file = `${dir}/Dockerfile`;
    fs.writeFileSync(file, 'FROM a AS one\nRUN x\nFROM b AS two\n# comment\nENV A=1 B=2\nCOPY --from=one /app/dist \\\n  ./dist\nCMD ["node", "x.js"]\nHEALTHCHECK --interval=5s CMD ["node", "h.js"]\n');
    expect(readDockerfileStage(file, "two")).toEqual([
      { kind: "ENV", values: { A: "1", B: "2" } },
      { kind: "COPY", from: "one", sources: ["/app/dist"], dest: "./dist" },
      { kind: "CMD", argv: ["node", "x.js"] },
      { kind: "HEALTHCHECK", argv: ["node", "h.js"] },
    ]);
    expect(() => readDockerfileStage(file, "three")).toThrow(/no stage "three"/);
    fs.rmSync(dir, { recursive: true });
  });
});
