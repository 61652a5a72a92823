// Part of `npm run docs:config`: writes deploy/kubernetes/base/generated/*-env.yaml and
// components/gate/generated/gate-env.yaml, the env wiring of every configuration variable into
// the web, gate and workers Deployments and the migrate Job.
// deploy/kubernetes/kubernetes-manifests.test.ts fails when they are out of date.
import fs from "node:fs";
import path from "node:path";
import { KUBERNETES_DIR, KUBERNETES_WORKLOADS, renderEnvPatch } from "./kubernetes-env.ts";

for (const workload of KUBERNETES_WORKLOADS) {
  const file = path.join(KUBERNETES_DIR, workload.file);
  const text = renderEnvPatch(workload);
  const changed = !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
  if (changed) fs.writeFileSync(file, text);
  console.log(`${path.relative(process.cwd(), file)}: ${changed ? "rewritten" : "up to date"}`);
}
