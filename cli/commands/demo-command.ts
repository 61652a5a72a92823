import { getConfig } from "@/server/config/get-config.ts";
import type { TDemoFaultsView, TDemoFaultView } from "@/server/demo/demo-faults.ts";
import { parseFlags } from "./parse-flags.ts";

export const DEMO_HELP = `  demo fault <service> --error-rate 0.2 [--for 30m]
                                  Demo mode: make a share of the service's inbound requests
                                  fail in the simulated mesh (its SLOs burn, its callers'
                                  edges degrade). --for takes 30s, 30m, 2h, 1d (simulated
                                  time; PLUMBLINE_DEMO_SPEED shortens it).
  demo faults [<service>]         List the demo's faults.
  demo clear [<service>]          End active faults now (all, or one service's).`;

const USAGE = `usage: plumbline demo fault <service> --error-rate 0.2 [--for 30m] | demo faults [<service>] | demo clear [<service>]  [--url URL]`;

/**
 * `plumbline demo …` talks to the running server: the simulator and its fault list live
 * in the server process (the embedded default runs everything in one), so there is no
 * offline fallback as for `import`.
 */
export async function runDemoCommand(args: readonly string[]): Promise<number> {
  const { positional, flags } = parseFlags(args, ["url", "error-rate", "for"]);
  const [action, service] = positional;
  const url = String(flags.get("url") ?? getConfig().cli.url);
  switch (action) {
    case "fault": {
      const rateText = flags.get("error-rate");
      if (!service || typeof rateText !== "string") {
        console.error(USAGE);
        return 1;
      }
      const errorRate = Number(rateText.endsWith("%") ? Number(rateText.slice(0, -1)) / 100 : rateText);
      const duration = flags.get("for");
      const fault = (await call(url, "POST", "/api/v1/demo/faults", {
        service,
        errorRate,
        ...(typeof duration === "string" ? { duration } : {}),
      })) as TDemoFaultView;
      console.log(`Injected: ${describe(fault)}.`);
      console.log(`Watch it burn: ${new URL(`/services/${encodeURIComponent(service)}`, url).toString()}`);
      return 0;
    }
    case "faults": {
      const query = service ? `?service=${encodeURIComponent(service)}` : "";
      const view = (await call(url, "GET", `/api/v1/demo/faults${query}`)) as TDemoFaultsView;
      if (!view.demo) console.log("Demo mode is off on this server: there is no simulated mesh to inject faults into.");
      else if (view.faults.length === 0) console.log("No faults.");
      for (const fault of view.faults) console.log(`${fault.active ? "active" : "ended "}  ${describe(fault)}`);
      return 0;
    }
    case "clear": {
      const query = service ? `?service=${encodeURIComponent(service)}` : "";
      const result = (await call(url, "DELETE", `/api/v1/demo/faults${query}`)) as { cleared: number };
      console.log(result.cleared === 0 ? "No active fault to clear." : `Cleared ${result.cleared} fault(s).`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 1;
  }
}

function describe(fault: TDemoFaultView): string {
  const ends = new Date(fault.endsAt).toLocaleTimeString("en-GB");
  return `${fault.service}: ${(fault.errorRate * 100).toFixed(1)} % of requests fail until ${ends}`;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...authorization(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(`No Plumbline server answers at ${base}. Start it with npm start (demo mode is the default without DATABASE_URL), or pass --url.`);
  }
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = answer as { title?: string; detail?: string } | null;
    throw new Error(`${problem?.title ?? response.status}: ${problem?.detail ?? response.statusText}`);
  }
  return answer;
}

/** PLUMBLINE_TOKEN as a bearer header, when set. */
function authorization(): { authorization?: string } {
  const { token } = getConfig().cli;
  return token ? { authorization: `Bearer ${token}` } : {};
}
