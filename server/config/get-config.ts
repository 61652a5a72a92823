import { parseConfig, type TConfig, type TEnvRecord } from "./parse-config.ts";

// One parsed configuration per process, on globalThis: Next's route bundles and the start
// script load this module separately, and a test's override must reach every copy.
const CONFIG_KEY = Symbol.for("plumbline.config");
type GlobalWithConfig = typeof globalThis & { [CONFIG_KEY]?: TConfig };

/**
 * The process's configuration: the environment parsed and validated on first use (and
 * explicitly by `npm start`, which reports a ConfigError before doing anything else).
 * This module is the one place that reads process.env (ESLint enforces it).
 */
export function getConfig(): TConfig {
  const g = globalThis as GlobalWithConfig;
  g[CONFIG_KEY] ??= parseConfig(process.env);
  return g[CONFIG_KEY];
}

/**
 * Uses `config` (e.g. `parseConfig({ SLACK_BOT_TOKEN: … })`) instead of the environment
 * until the returned function restores what was there. For tests that configure code
 * running in their own process, instead of writing process.env.
 */
export function overrideConfig(config: TConfig): () => void {
  const g = globalThis as GlobalWithConfig;
  const previous = g[CONFIG_KEY];
  g[CONFIG_KEY] = config;
  return () => {
    if (previous === undefined) delete g[CONFIG_KEY];
    else g[CONFIG_KEY] = previous;
  };
}

/**
 * The environment as a plain record, for code that reads its own variables because it also
 * runs outside Plumbline's server: the gate's argument parsing (cli/commands/parse-gate-args.ts),
 * bundled into the standalone client `plumbline-gate`, which has no server/config. The
 * declared variables are validated first (getConfig()), so `plumbline gate` reports a bad
 * PLUMBLINE_URL like every other command.
 */
export function environmentRecord(): TEnvRecord {
  getConfig();
  return { ...process.env };
}

/**
 * The environment for a child process (the app a test starts, the CLI it runs, `next
 * build`): this process's, with `overrides` on top. The child parses it itself.
 */
export function childProcessEnv(overrides: TEnvRecord = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
