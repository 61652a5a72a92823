import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) for the e-mail tests: it
 * speaks the protocol nodemailer speaks to any server, optionally requires a login, can
 * answer the next messages with a temporary failure (an outage), and parses what arrived
 * with `mailparser`.
 */
export class TestSmtpServer {
  readonly received: TReceivedMail[] = [];
  private server: SMTPServer | null = null;
  private failures = 0;
  port = 0;

  constructor(private readonly options: { user?: string; password?: string } = {}) {}

  async start(): Promise<this> {
    const { user, password } = this.options;
    this.server = new SMTPServer({
      // Plain SMTP on loopback: no STARTTLS offer (its self-signed certificate would be refused, rightly).
      disabledCommands: user ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
      allowInsecureAuth: true,
      authOptional: !user,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
        else callback(new Error("Invalid username or password"));
      },
      onData: (stream, session, callback) => {
        if (this.failures > 0) {
          this.failures -= 1;
          stream.resume();
          stream.on("end", () => callback(Object.assign(new Error("Service not available, try again later"), { responseCode: 421 })));
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            this.received.push({ envelopeTo: session.envelope.rcptTo.map((address) => address.address), parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once("error", reject);
      this.server?.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = ((this.server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
    return this;
  }

  /** The next `count` messages are answered 421 (the server is "down"): the sender must try again later. */
  failNext(count: number): void {
    this.failures = count;
  }

  mailsTo(address: string): ParsedMail[] {
    return this.received.filter((mail) => mail.envelopeTo.includes(address)).map((mail) => mail.parsed);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
