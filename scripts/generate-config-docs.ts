// npm run docs:config: writes README.md's configuration table from server/config (the one
// declaration of every environment variable). server/config/config-docs.test.ts fails when
// the README is out of date.
import fs from "node:fs";
import path from "node:path";
import { withConfigTable } from "@/server/config/render-config-docs.ts";

const readmePath = path.join(process.cwd(), "README.md");
const before = fs.readFileSync(readmePath, "utf8");
const after = withConfigTable(before);
if (after === before) {
  console.log("README.md: configuration table up to date");
} else {
  fs.writeFileSync(readmePath, after);
  console.log("README.md: configuration table rewritten");
}
