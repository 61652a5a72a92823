import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * Slack's Socket Mode endpoint, faked: a minimal RFC 6455 server (text frames, ping/pong,
 * close) that says `hello` on connect, sends envelopes, and records the acks the app
 * sends back. Enough for Bolt's real SocketModeClient; not a general WebSocket server.
 */
export class FakeSocketModeServer {
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private server: http.Server | null = null;
  private sockets = new Set<Socket>();
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((_req, res) => res.writeHead(426).end());
    this.server.on("upgrade", (req, socket: Socket) => this.accept(req, socket));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Sends an envelope (`interactive`, `slash_commands`, `events_api`) to every connection; returns its id. */
  dispatch(type: string, payload: unknown): string {
    const envelopeId = randomUUID();
    const text = JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api" });
    for (const socket of this.sockets) socket.write(frame(0x1, Buffer.from(text)));
    return envelopeId;
  }

  private accept(req: http.IncomingMessage, socket: Socket): void {
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string") {
      socket.destroy();
      return;
    }
    const accept = createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
    socket.write(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "", ""].join("\r\n"));
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => this.sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const parsed = readFrame(buffered);
        if (!parsed) break;
        buffered = buffered.subarray(parsed.length);
        if (parsed.opcode === 0x1) this.acks.push(JSON.parse(parsed.payload.toString("utf8")) as { envelope_id: string });
        else if (parsed.opcode === 0x9) socket.write(frame(0xa, parsed.payload));
        else if (parsed.opcode === 0x8) {
          socket.end(frame(0x8, parsed.payload));
          this.sockets.delete(socket);
        }
      }
    });
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0PLUMBLINE" } }))));
  }
}

/** A server frame: FIN, the opcode, no mask. */
function frame(opcode: number, payload: Buffer): Buffer {
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : payload.length < 65536
        ? Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(payload.length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

/** A client frame (always masked), or null until it has fully arrived. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (data.length < 2) return null;
  const opcode = (data[0] ?? 0) & 0x0f;
  const masked = ((data[1] ?? 0) & 0x80) !== 0;
  let length = (data[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return null;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let index = 0; index < payload.length; index += 1) payload[index] = (payload[index] ?? 0) ^ (data[maskOffset + (index % 4)] ?? 0);
  return { opcode, payload, length: offset + length };
}
