import net from 'node:net';

/**
 * A TCP proxy in front of the test database that can hold back one kind of command: the
 * database is a peer, and a slow answer to one command is what this lets a test arrange. Messages
 * are framed by their length (the wire protocol's first four bytes) and forwarded in order.
 */
export interface HoldingProxy {
  uri: string;
  /** Holds each `delete` of this collection for `ms` before passing it on (and what follows it on that connection). */
  holdDeletes(collection: string, ms: number): void;
  release(): void;
  close(): Promise<void>;
}

/** Whether a client message is a `delete` command on `collection` (BSON: 0x02 "delete" 0x00 <int32> "<collection>" 0x00). */
function isDeleteOf(msg: Buffer, collection: string): boolean {
  const at = msg.indexOf(Buffer.from('\x02delete\x00', 'latin1'));
  return at >= 0 && msg.subarray(at + 12, at + 12 + collection.length + 1).equals(Buffer.from(`${collection}\x00`, 'latin1'));
}

export async function holdingProxy(uri: string): Promise<HoldingProxy> {
  const target = new URL(uri);
  let hold: { collection: string; ms: number } | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    // The embedded database listens on a Unix socket (its path is the URI's host, percent-encoded).
    const socket = decodeURIComponent(target.host);
    const upstream = socket.startsWith('/') ? net.connect(socket) : net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let chain = Promise.resolve();
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const msg = pending.subarray(0, pending.readInt32LE(0));
        pending = pending.subarray(msg.length);
        const ms = hold && isDeleteOf(msg, hold.collection) ? hold.ms : 0;
        chain = chain.then(() => (ms ? new Promise((r) => setTimeout(r, ms)) : undefined)).then(() => void upstream.write(msg));
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) s.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(uri);
  proxied.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    uri: proxied.toString(),
    holdDeletes: (collection, ms) => void (hold = { collection, ms }),
    release: () => void (hold = undefined),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
