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
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();

  const pipe = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      const send = (): void => {
        if (!to.destroyed) to.write(chunk);
      };
      // Chunks keep their order: each waits the same delay, and held ones are released in order.
      const forward = (): void => (latency > 0 ? void setTimeout(send, latency) : send());
      if (blackhole) held.push(forward);
      else forward();
    });
    from.on('close', () => to.destroy());
    from.on('error', () => to.destroy());
  };

  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
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
      // Released bytes arrive late rather than never: the peers' own timeouts decide.
      if (!on) for (const f of held.splice(0)) f();
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
