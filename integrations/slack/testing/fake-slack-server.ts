import http from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "@/server/testing/wait-for.ts";

export interface TFakeSlackCall {
  method: string;
  /** Form fields (the WebClient posts form-encoded; `blocks` arrives as a JSON string) or the JSON body. */
  args: Record<string, string>;
  token: string | null;
  at: number;
}

export interface TFakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata: unknown;
}

type TScripted = { status: 429; retryAfterSeconds: number } | { status: 500 } | { status: 200; body: Record<string, unknown> };

/**
 * A fake Slack Web API on a real loopback port: `POST /api/<method>` answers like Slack
 * and records every call, so the app's real WebClient (pointed here through
 * SLACK_API_URL) is exercised end to end. `failNext(method, …)` scripts 429 (with
 * Retry-After) or 500 answers for the next calls of a method.
 */
export class FakeSlackServer {
  readonly calls: TFakeSlackCall[] = [];
  /** Messages currently "in Slack", by `${channel}:${ts}` (chat.update replaces them). */
  readonly messages = new Map<string, TFakeSlackMessage>();
  readonly teamId: string;
  /** Slack user id → profile, for users.info and users.lookupByEmail. */
  readonly users = new Map<string, { id: string; email: string; name: string }>();
  private readonly scripted = new Map<string, TScripted[]>();
  private server: http.Server | null = null;
  private tsCounter = 0;
  url = "";
  /** Where apps.connections.open sends Socket Mode clients (a FakeSocketModeServer's url). */
  socketModeUrl: string | null = null;

  constructor(options: { teamId?: string } = {}) {
    this.teamId = options.teamId ?? "T0FAKE";
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addUser(user: { id: string; email: string; name: string }): void {
    this.users.set(user.id, user);
  }

  failNext(method: string, ...answers: ({ status: 429; retryAfterSeconds: number } | { status: 500 })[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  callsOf(method: string): TFakeSlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves when `predicate` holds (the shared test waitFor, every 25 ms), naming the calls seen if it never does. */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    return waitFor("a fake Slack condition", predicate, { timeoutMs, intervalMs: 25, detail: () => `calls: ${this.calls.map((call) => call.method).join(", ")}` });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const args = (req.headers["content-type"] ?? "").includes("application/json")
      ? (Object.fromEntries(Object.entries(JSON.parse(raw || "{}") as Record<string, unknown>).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])) as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : (args.token ?? null);
    this.calls.push({ method, args, token, at: Date.now() });

    const next = this.scripted.get(method)?.shift();
    if (next?.status === 429) {
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(next.retryAfterSeconds) }).end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (next?.status === 500) {
      res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      return;
    }
    const body = next?.status === 200 ? next.body : this.answer(method, args);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  private answer(method: string, args: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://fake.slack.com/", team: "Fake", user: "plumbline", team_id: this.teamId, user_id: "U0BOT", bot_id: "B0BOT" };
      case "chat.postMessage": {
        const channel = args.channel ?? "";
        const ts = `${Math.floor(Date.now() / 1000)}.${String((this.tsCounter += 1)).padStart(6, "0")}`;
        // Slack answers with the channel's id; a name like #checkout becomes a stable fake id.
        const channelId = channel.startsWith("#") ? `C${channel.slice(1).toUpperCase()}` : channel;
        this.messages.set(`${channelId}:${ts}`, { channel: channelId, ts, text: args.text ?? "", blocks: parseBlocks(args.blocks), metadata: parseJson(args.metadata) });
        return { ok: true, channel: channelId, ts, message: { text: args.text ?? "", ts } };
      }
      case "chat.update": {
        const key = `${args.channel ?? ""}:${args.ts ?? ""}`;
        const existing = this.messages.get(key);
        if (!existing) return { ok: false, error: "message_not_found" };
        this.messages.set(key, { ...existing, text: args.text ?? existing.text, blocks: parseBlocks(args.blocks) });
        return { ok: true, channel: args.channel, ts: args.ts };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.000001` };
      case "conversations.history": {
        const channel = args.channel ?? "";
        const messages = [...this.messages.values()].filter((message) => message.channel === channel).reverse();
        return { ok: true, messages: messages.map((message) => ({ ts: message.ts, text: message.text, metadata: message.metadata })) };
      }
      case "apps.connections.open":
        // With a FakeSocketModeServer attached, Socket Mode connects to it; without, it is refused.
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: "not_allowed_token_type" };
      case "conversations.open":
        return { ok: true, channel: { id: `D${(args.users ?? "").replace(/^U/, "")}` } };
      case "chat.getPermalink":
        // Slack's shape: https://<workspace>.slack.com/archives/<channel>/p<ts without the dot>.
        return { ok: true, channel: args.channel, permalink: `https://fake.slack.com/archives/${args.channel ?? ""}/p${(args.message_ts ?? "").replace(".", "")}` };
      case "views.open":
        return { ok: true, view: { id: "V0FAKE" } };
      case "users.info": {
        const user = this.users.get(args.user ?? "");
        return user ? { ok: true, user: { id: user.id, name: user.name, profile: { email: user.email } } } : { ok: false, error: "user_not_found" };
      }
      case "users.lookupByEmail": {
        const user = [...this.users.values()].find((candidate) => candidate.email.toLowerCase() === (args.email ?? "").toLowerCase());
        return user ? { ok: true, user: { id: user.id, name: user.name, profile: { email: user.email } } } : { ok: false, error: "users_not_found" };
      }
      default:
        return { ok: true };
    }
  }
}

function parseJson(raw: string | undefined): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function parseBlocks(raw: string | undefined): unknown[] {
  const parsed = parseJson(raw);
  return Array.isArray(parsed) ? parsed : [];
}
