import { spawn } from 'node:child_process';

/** Runs a command to its end and collects stdout and stderr together (for the Kafka tools and deploy/kafka scripts). */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ code: -1, output: e.message }));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}
