// A free port for a server a test starts later (an embedded PostgreSQL, a metrics listener) that no one
// can be handed in the meantime: drawn below the kernel's ephemeral range (where freePort's port-0
// answers come from), so an app started later (startAppProcess picks its HTTP port with freePort)
// never gets the port its database or metrics server is about to take.
import net from 'node:net';

const canBind = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

export async function freeFixedPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (await canBind(port)) return port;
  }
  throw new Error('no free port between 20000 and 30000');
}
