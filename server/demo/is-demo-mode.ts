import { getConfig } from "@/server/config/get-config.ts";

/**
 * The demo (a simulated cluster and mesh around the example catalog) runs when asked
 * (PLUMBLINE_DEMO=1), or by default in the embedded setup with no cluster configured,
 * so a first `npm start` shows a living product. PLUMBLINE_DEMO=0 turns it off.
 * The rule itself is in server/config (parse-config.ts), where the variables are read.
 */
export function isDemoMode(): boolean {
  return getConfig().demo.enabled;
}
