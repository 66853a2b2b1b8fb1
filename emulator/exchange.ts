// One request and its answer. Every way the emulator answers (JSON, a truncated body, a reset, a hang) goes
// through here, so the log always learns the status that went out and headers common to an answer (the rate
// limit's) are never forgotten on one code path.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoggedRequest, RequestLog } from "./requestLog";

export class Exchange {
  /** Sent with every answer of this exchange, whatever its status: the rate-limit headers live here. */
  readonly commonHeaders: Record<string, string> = {};

  constructor(
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly entry: LoggedRequest,
    private readonly log: RequestLog,
  ) {}

  get closed(): boolean {
    return this.res.destroyed || this.res.headersSent;
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, { "content-type": "application/json; charset=utf-8", ...headers }, JSON.stringify(body));
  }

  send(status: number, headers: Record<string, string>, body: string): void {
    if (!this.start(status, { ...headers, "content-length": String(Buffer.byteLength(body)) })) return;
    this.res.end(body);
  }

  /** The JSON body cut short; content-length matches what is sent, so only the JSON is broken. */
  truncatedJson(status: number, body: unknown): void {
    const text = JSON.stringify(body);
    this.send(status, { "content-type": "application/json; charset=utf-8" }, text.slice(0, Math.floor(text.length / 2)));
  }

  /** Promises the whole body in content-length, sends `fraction` of it, then kills the connection. */
  resetMidBody(status: number, body: unknown, fraction: number): void {
    const bytes = Buffer.from(JSON.stringify(body));
    const headers = { "content-type": "application/json; charset=utf-8", "content-length": String(bytes.length) };
    if (!this.start(status, headers)) return;
    const sent = Math.max(1, Math.floor(bytes.length * fraction));
    // The partial body must reach the client before the reset, or the client sees only a refused connection.
    this.res.write(bytes.subarray(0, Math.min(sent, bytes.length - 1)), () => this.res.destroy());
  }

  /** Never answers (or never finishes). `stop()` destroys the socket, so a hang cannot keep the server open. */
  hang(afterHeaders: boolean): void {
    if (!afterHeaders) return;
    if (!this.start(200, { "content-type": "application/json; charset=utf-8" })) return;
    this.res.flushHeaders();
  }

  private start(status: number, headers: Record<string, string>): boolean {
    if (this.closed) return false;
    this.res.writeHead(status, { ...this.commonHeaders, ...headers });
    this.log.answered(this.entry, status, Date.now());
    return true;
  }
}
