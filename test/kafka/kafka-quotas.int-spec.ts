/**
 * deploy/kafka/quotas.sh run for real (kafka-configs.sh on the fetched jars) against the run's
 * Apache Kafka, then read back per principal. The principals are named for this run only, so no
 * other test's traffic is throttled.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeUserQuotas, KafkaUser, runDeployScript } from '@postbridge/dev-infra';
import { testInfraKind, testKafkaBrokers, testKafkaSasl } from '../harness/kafka';

// On the env path (someone else's cluster) the harness's user may not alter client quotas.
const describeWithAdmin = testInfraKind() === 'env' ? describe.skip : describe;

// Each kafka-configs.sh call starts a JVM: seconds each on a busy machine.
const JVM_CALLS_MS = 240_000;

describeWithAdmin('deploy/kafka/quotas.sh', () => {
  const run = randomBytes(4).toString('hex');
  const names = { BROKER_PRINCIPAL: `User:quota-${run}-broker`, OPERATOR_PRINCIPAL_PREFIX: `User:quota-${run}-` };
  let dir: string;
  let admin: KafkaUser;
  const bootstrap = (): string => testKafkaBrokers()[0];
  /** This run's principals and their quotas. */
  const ours = async (): Promise<Record<string, Record<string, number>>> =>
    Object.fromEntries(Object.entries(await describeUserQuotas(bootstrap(), admin)).filter(([user]) => user.startsWith(`quota-${run}-`)).map(([user, q]) => [user.slice(`quota-${run}-`.length), q]));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-quotas-'));
    const sasl = testKafkaSasl() as { username: string; password: string };
    admin = { name: sasl.username, password: sasl.password };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an unknown quota name in the network file', async () => {
    const networkFile = join(dir, 'bad.json');
    writeFileSync(networkFile, JSON.stringify({ operators: [{ code: 'QC', kafkaQuotas: { node: { connection_creation_rate: 5 } } }] }));
    await expect(runDeployScript('quotas.sh', bootstrap(), admin, { networkFile }, names)).rejects.toThrow(/unknown kafkaQuotas.node key 'connection_creation_rate'/);
  });

  it('sets the default quotas per principal, a post\'s own from the network file, and setting them again replaces them', async () => {
    const networkFile = join(dir, 'network.json');
    writeFileSync(networkFile, JSON.stringify({ operators: [{ code: 'QA', kafkaQuotas: { node: { producer_byte_rate: 4194304 }, feed: { request_percentage: 10 } } }, { code: 'QB' }] }));
    await expect(runDeployScript('quotas.sh', bootstrap(), admin, { networkFile }, { ...names, BROKER_REQUEST_PERCENTAGE: '300' })).resolves.toMatch(/^done: quotas for 5 principals/);
    // QC's run above was refused before it set anything.
    expect(await ours()).toEqual({
      qa: { producer_byte_rate: 4194304, consumer_byte_rate: 8388608, request_percentage: 50 },
      'qa-feed': { producer_byte_rate: 2097152, consumer_byte_rate: 1048576, request_percentage: 10 },
      qb: { producer_byte_rate: 2097152, consumer_byte_rate: 8388608, request_percentage: 50 },
      'qb-feed': { producer_byte_rate: 2097152, consumer_byte_rate: 1048576, request_percentage: 25 },
      broker: { producer_byte_rate: 33554432, consumer_byte_rate: 33554432, request_percentage: 300 },
    });

    // QB's post gets a quota of its own: run again after editing the file.
    writeFileSync(networkFile, JSON.stringify({ operators: [{ code: 'QB', kafkaQuotas: { node: { consumer_byte_rate: 1000 } } }] }));
    await runDeployScript('quotas.sh', bootstrap(), admin, { networkFile }, names);
    expect((await ours()).qb).toEqual({ producer_byte_rate: 2097152, consumer_byte_rate: 1000, request_percentage: 50 });
  }, JVM_CALLS_MS);
});
