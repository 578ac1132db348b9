/**
 * How late requests reach a server on this machine: from the moment each was due (its timer) to its arrival at a
 * plain HTTP server in another process, and from its arrival to the client reading the answer. Rounds of a burst
 * of 34 requests (a full zone's pages) and one single request, as the rate budget sends them. The numbers in
 * docs/scale.md ("Pacing under jitter") come from it; run it beside the load you care about.
 *
 *   npx tsx scripts/arrival-lateness.ts [rounds]      (default 30)
 */
import { spawn } from 'node:child_process';
import { Pool } from 'undici';

const SERVER = `const s = require('node:http').createServer((q, r) => r.end(JSON.stringify({ arrived: Date.now() })));
s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));`;

function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 30);
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d)))));
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 64 });
  const late: number[] = [];
  const answer: number[] = [];
  const one = async (due: number): Promise<void> => {
    const res = await pool.request({ method: 'GET', path: '/' });
    const { arrived } = (await res.body.json()) as { arrived: number };
    answer.push(Date.now() - arrived);
    late.push(arrived - due);
  };
  const at = async (delayMs: number): Promise<number> => {
    const due = Date.now() + delayMs;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return due;
  };
  try {
    for (let i = 0; i < rounds; i++) {
      const due = await at(50);
      await Promise.all(Array.from({ length: 34 }, () => one(due)));
      await one(await at(20));
    }
  } finally {
    await pool.close();
    child.kill();
  }
  const line = (name: string, v: number[]) =>
    `${name}: median ${quantile(v, 0.5)} ms, p99 ${quantile(v, 0.99)} ms, min ${Math.min(...v)} ms, max ${Math.max(...v)} ms`;
  console.log(`${late.length} requests`);
  console.log(line('due → arrival (what dating by sending must absorb)', late));
  console.log(line('arrival → answer read (never negative: why dating by answer needs no slack)', answer));
}

void main();
