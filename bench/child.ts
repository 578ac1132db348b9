import { spawn } from 'node:child_process';
import { redactSecrets } from '../lib/client/redact';

/**
 * Runs a child process of the benchmark and resolves with its stdout; on a non-zero exit it rejects with the
 * last 4,000 characters of what it printed (stdout and stderr), the token redacted; `label` names it there.
 */
export function runChild(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  token: string,
  label = `${command} ${args[0] ?? ''}`,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let tail = '';
    const keep = (chunk: Buffer): void => void (tail = (tail + chunk.toString()).slice(-4000));
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      keep(chunk);
    });
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${label} exited with ${code}:\n${redactSecrets(tail, [token]).trim()}`));
    });
  });
}
