// The plumbline command: `npm run plumbline -- <command> …` (or `npx tsx cli/plumbline.ts`;
// after `npm run build`, `node dist/cli.js <command>`).
import { runImportCommand } from "@/cli/commands/import-command.ts";
import { DEMO_HELP, runDemoCommand } from "@/cli/commands/demo-command.ts";
import { GATE_HELP, runGateCommand } from "@/cli/commands/gate-command.ts";
import { MIGRATE_HELP, runMigrateCommand } from "@/cli/commands/migrate-command.ts";
import { environmentRecord } from "@/server/config/get-config.ts";

const HELP = `plumbline <command>

Commands:
  import <file|dir> [--url URL]   Import Backstage catalog-info.yaml documents (Component,
                                  System, Group, User, API) and OpenSLO v1 SLO documents
                                  beside them. Talks to the running server at
                                  --url (default $PLUMBLINE_URL or http://localhost:3000); when
                                  none answers, writes to the configured database directly.
${DEMO_HELP}
${GATE_HELP}
${MIGRATE_HELP}
  help                            Show this help.

Exit codes: 0 success, 1 error, 4 imported with problems (see the list printed).`;

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case "import":
      return runImportCommand(args);
    case "demo":
      return runDemoCommand(args);
    case "gate":
      return runGateCommand(args, environmentRecord());
    case "migrate":
      return runMigrateCommand(args);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`plumbline: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
