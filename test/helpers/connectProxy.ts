// A forward proxy of the test's own, as corporate networks have: it opens CONNECT tunnels only to the hosts it is
// told about (a name that resolves nowhere else, mapped to a local port), refuses every other request with 403, and
// records what it was asked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";

export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Every CONNECT target asked for ("host:port"), and every other request line. */
  readonly asked: readonly string[];
  stop(): Promise<void>;
}

/** `routes` maps "host:port" as the client asks for it to the local port the proxy connects to instead. */
export async function startConnectProxy(routes: Readonly<Record<string, number>>): Promise<ConnectProxy> {
  const asked: string[] = [];
  // Tunnels leave the HTTP server's hands: they are closed here on stop.
  const tunnels = new Set<Socket>();
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    response.writeHead(403, { "content-type": "text/html" }).end("<html><body>Forbidden by proxy policy</body></html>");
  });
  server.on("connect", (request, client, head) => {
    const target = request.url ?? "";
    asked.push(`CONNECT ${target}`);
    const port = routes[target];
    if (port === undefined) return void client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    const upstream = connect(port, "127.0.0.1", () => {
      tunnels.add(upstream).add(client as Socket);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
