/**
 * A TCP proxy in front of a Kafka listener, for faults that real Kafka cannot make by itself:
 * latency on every chunk in both directions, and a black hole (connections stay open, nothing
 * passes, as with a dead network path). The cluster advertises the proxy's port, so every client
 * connection to that node goes through it.
 */
import { AddressInfo, createServer, Server, Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Delay added to each chunk, each way. */
  setLatency(ms: number): void;
  /** While on, bytes are held back in both directions (and new connections hang). */
  setBlackhole(on: boolean): void;
  /** Resets every open connection (as a broker crash looks to a client). */
  resetAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }, listenPort = 0): Promise<TcpProxy> {
  let latency = 0;
  let blackhole = false;
  /** Wakes each direction's queue when a black hole lifts. */
  const pending = new Set<() => void>();
  const sockets = new Set<Socket>();

  // One queue per direction: each chunk leaves at max(arrival + latency, the previous chunk's
  // time), so a change of latency never lets a chunk overtake another (Kafka's framing would
  // break), and a close is passed on only after what was queued before it.
  const pipe = (from: Socket, to: Socket): void => {
    const queue: Array<{ due: number; chunk: Buffer | null }> = [];
    let lastDue = 0;
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      timer = null;
      if (blackhole) return;
      const now = Date.now();
      while (queue.length && queue[0].due <= now) {
        const { chunk } = queue.shift()!;
        if (chunk === null) {
          to.end();
          return;
        }
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length) timer = setTimeout(flush, queue[0].due - now);
    };
    const push = (chunk: Buffer | null): void => {
      lastDue = Math.max(Date.now() + latency, lastDue);
      queue.push({ due: lastDue, chunk });
      if (!timer && !blackhole) timer = setTimeout(flush, Math.max(0, queue[0].due - Date.now()));
    };
    const wake = (): void => {
      if (!timer && queue.length) timer = setTimeout(flush, 0);
    };
    pending.add(wake);
    to.once('close', () => pending.delete(wake));
    from.on('data', (chunk: Buffer) => push(chunk));
    from.on('end', () => push(null));
    from.on('close', () => push(null));
    from.on('error', () => to.destroy());
  };

  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    upstream.connect(target.port, target.host ?? '127.0.0.1');
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(listenPort, '127.0.0.1', () => res());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setLatency: (ms) => (latency = ms),
    setBlackhole: (on) => {
      blackhole = on;
      // Held bytes arrive late rather than never, as TCP retransmits them: the peers' timeouts decide.
      if (!on) for (const wake of pending) wake();
    },
    resetAll: () => {
      for (const s of sockets) s.resetAndDestroy?.() ?? s.destroy();
    },
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
}
