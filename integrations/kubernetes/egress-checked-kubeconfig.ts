import type http from "node:http";
import { KubeConfig, type RequestContext } from "@kubernetes/client-node";
import { guardNodeAgent, type TEgressOptions } from "@/server/http/egress-connect.ts";

/**
 * A KubeConfig for a tenant's cluster whose every connection obeys the egress policy.
 * client-node makes a fresh http(s).Agent per request in these three methods (API calls,
 * watches, websockets); each agent is wrapped so the API server's address (and that of any
 * redirect node-fetch follows) is checked when the socket is opened, and the socket goes
 * to the checked address. (Its `createAgent` is private in the typings, hence these hooks.)
 */
export class EgressCheckedKubeConfig extends KubeConfig {
  constructor(private readonly egress: TEgressOptions = {}) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const agent = context.getAgent();
    if (agent !== undefined) context.setAgent(guardNodeAgent(agent, this.egress));
  }

  override async applyToFetchOptions(opts: Parameters<KubeConfig["applyToFetchOptions"]>[0]): ReturnType<KubeConfig["applyToFetchOptions"]> {
    const init = await super.applyToFetchOptions(opts);
    const agent: unknown = init.agent;
    if (isNodeAgent(agent)) init.agent = guardNodeAgent(agent, this.egress);
    return init;
  }

  override async applyToHTTPSOptions(opts: Parameters<KubeConfig["applyToHTTPSOptions"]>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const agent: unknown = opts.agent;
    if (isNodeAgent(agent)) opts.agent = guardNodeAgent(agent, this.egress);
  }
}

function isNodeAgent(agent: unknown): agent is http.Agent {
  return typeof agent === "object" && agent !== null && typeof (agent as { createConnection?: unknown }).createConnection === "function";
}
