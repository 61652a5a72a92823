/**
 * The demo (a simulated cluster and mesh around the example catalog) runs when asked
 * (PLUMBLINE_DEMO=1), or by default in the embedded setup with no cluster configured,
 * so a first `npm start` shows a living product. PLUMBLINE_DEMO=0 turns it off.
 */
export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env.PLUMBLINE_DEMO?.trim();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return !env.DATABASE_URL?.trim() && !env.KUBECONFIG?.trim() && !env.KUBERNETES_SERVICE_HOST;
}
