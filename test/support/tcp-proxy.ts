// A TCP proxy on loopback in front of the real PostgreSQL, to take the database away from an app and
// give it back: `refuse()` is a stopped server (open connections and every new one reset), `blackhole()`
// a network that drops everything (connections accepted, nothing ever answered), `restore()` the way
// back. The proxy keeps its port all along: were it to close it, another listener of the test (supertest
// listens on a new port for every request) could take it, and the app would talk PostgreSQL to it.
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  refuse(): Promise<void>;
  blackhole(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: 'forward' | 'refuse' | 'blackhole' = 'forward';
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    if (mode === 'refuse') return client.resetAndDestroy(); // RST, as from a port nobody listens on
    track(client);
    if (mode === 'blackhole') return client.pause(); // accepted, never answered
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async refuse() {
      mode = 'refuse';
      for (const socket of sockets) socket.resetAndDestroy();
      while (sockets.size > 0) await new Promise((r) => setImmediate(r));
    },
    blackhole() {
      mode = 'blackhole';
      // What is on the wire stays there: both directions stop, nothing is closed.
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async restore() {
      if (mode === 'blackhole') dropAll(); // the connections a partition outlived are broken
      mode = 'forward';
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
