import { CONFIG_VARIABLES, type TConfigVariable } from "./config-variables.ts";

export const CONFIG_DOCS_START = "<!-- config:start (generated from server/config/config-variables.ts by `npm run docs:config`; edit there) -->";
export const CONFIG_DOCS_END = "<!-- config:end -->";

/** The README's configuration table, one row per declared variable. */
export function renderConfigTable(): string {
  const rows = (Object.entries(CONFIG_VARIABLES) as [string, TConfigVariable][]).map(([name, variable]) => {
    const label = variable.flag ? `\`${name}\` / \`${variable.flag}\`` : `\`${name}\``;
    const fallback = variable.defaultText ?? (variable.default === null ? "unset" : `\`${variable.default}\``);
    const readBy = `${variable.roles.join(", ")}${variable.secret ? " · **secret**" : ""}`;
    return `| ${label} | ${cell(fallback)} | ${readBy} | ${cell(variable.description)} |`;
  });
  return ["| variable | default | read by | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** `readme` with the text between the markers replaced by the generated table. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_DOCS_START);
  const end = readme.indexOf(CONFIG_DOCS_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md needs the markers ${CONFIG_DOCS_START} and ${CONFIG_DOCS_END} around the configuration table`);
  }
  return `${readme.slice(0, start + CONFIG_DOCS_START.length)}\n${renderConfigTable()}\n${readme.slice(end)}`;
}

// A "|" inside a cell would end it.
function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}
