/**
 * `npm start`: the whole PostBridge network on one machine (broker + one node per operator of
 * deploy/network.json) over embedded PostgreSQL and Apache Kafka (tools/kafka/pom.xml, run as a JVM), or
 * over DATABASE_URL / KAFKA_BROKERS when set, signing in at a local Keycloak (tools/keycloak/pom.xml). `--smoke`: open one case end to end, print `SMOKE OK <ms>`, stop.
 * The network itself lives in ./local-network/network.ts; this entry only isolates it.
 *
 * Why two processes: Ctrl-C in a terminal sends SIGINT to the whole foreground process group,
 * which includes the postgres, Kafka and Keycloak children that libs/dev-infra spawns. They would
 * stop while the apps are still draining. So the network runs in its own session (detached) and
 * this process forwards signals to it, which then stops apps first, then Kafka, then PostgreSQL.
 * An IPC channel ties the two together: if this process dies, the network shuts itself down.
 */
import { spawn } from 'node:child_process';

const SUPERVISOR_ENV = 'PB_LOCAL_NETWORK_SUPERVISOR';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--smoke');
  if (args.includes('--help') || args.includes('-h') || unknown.length) {
    console.log(
      [
        'Usage: npm start            (node dist/scripts/local-network.js [--smoke])',
        '',
        '  --smoke   open a case at CH for US, wait for it end to end, print SMOKE OK <ms>, stop',
        '',
        'Environment:',
        '  DATABASE_URL    PostgreSQL server URL to use instead of embedded PostgreSQL (one database per process is created on it)',
        '  KAFKA_BROKERS   Kafka bootstrap list to use instead of the local Apache Kafka (apps then take KAFKA_SASL_* from the environment)',
        '  PB_KAFKA_PORT   local Kafka client port (default 19092 + the PB_PORT_BASE shift; it also takes the next two ports)',
        '  PB_KEYCLOAK_PORT  Keycloak port (default 18080 + the PB_PORT_BASE shift; its management port is the next one)',
        '  PB_PORT_BASE    shifts every port (default 3000: broker 3000, nodes 3001..; embedded PostgreSQL 54329)',
        '  PB_PG_PORT      embedded PostgreSQL port (default 54329 + the PB_PORT_BASE shift)',
        '  PB_DATA_DIR     data directory (default .data; PostgreSQL in <dir>/postgres, Kafka in <dir>/kafka with its users in cluster.json,',
        '                  Keycloak in <dir>/keycloak with its admin in admin.json and the client secrets in secrets.json)',
        '  PB_LOG_LEVEL    apps log level (default info)',
      ].join('\n'),
    );
    process.exit(unknown.length ? 2 : 0);
  }

  if (process.env[SUPERVISOR_ENV] === '1') {
    const { runNetwork } = await import('./local-network/network');
    await runNetwork({ smoke: args.includes('--smoke') });
    return;
  }

  const child = spawn(process.execPath, [...process.execArgv, __filename, ...args], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISOR_ENV]: '1' },
  });
  let signals = 0;
  const forward = (sig: NodeJS.Signals): void => {
    signals += 1;
    // A second Ctrl-C asks for a quick kill instead of a graceful stop.
    if (child.exitCode === null && child.signalCode === null) child.kill(signals > 1 ? 'SIGQUIT' : sig);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, forward);
  child.on('error', (err) => {
    console.error(`local-network: cannot start: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
