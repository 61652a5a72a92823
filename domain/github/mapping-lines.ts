/**
 * The mappings textarea of the GitHub settings, one mapping a line:
 *
 *     owner/repo[@github-environment] service[@plumbline-environment]
 *
 * e.g. `acme/monorepo@deploy-api api@production`. Blank lines and `#` comments are
 * skipped. The result is validated by ZGithubMapping (zod) like any other input; this only
 * splits the text, so a malformed line becomes an object zod refuses with its message.
 */
export function parseMappingLines(text: string): Record<string, string>[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [source = "", target = "", ...rest] = line.split(/\s+/);
      const [repository = "", githubEnvironment] = splitOnce(source);
      const [service = "", environment] = splitOnce(target);
      return {
        repository,
        service: rest.length > 0 ? `${service} ${rest.join(" ")}` : service,
        ...(githubEnvironment !== undefined ? { githubEnvironment } : {}),
        ...(environment !== undefined ? { environment } : {}),
      };
    });
}

export function formatMappingLines(mappings: readonly { repository: string; githubEnvironment?: string; service: string; environment?: string }[]): string {
  return mappings
    .map((mapping) => `${mapping.repository}${mapping.githubEnvironment ? `@${mapping.githubEnvironment}` : ""} ${mapping.service}${mapping.environment ? `@${mapping.environment}` : ""}`)
    .join("\n");
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf("@");
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
