import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EmulatorProcess } from '../../lib/emulator/process';
import { DEMO_ZONE, TEST_TOKEN } from '../support/constants';
import { startTestEmulator } from '../support/emulator';
import {
  containsSecret,
  generateCertificates,
  startInterceptingProxy,
  type InterceptingProxy,
  type TestCertificates,
} from '../support/proxy';
import { testSeed } from '../support/seed';
import { makeCheckout, readTree, runCdktfSynth, stackJson, type SynthRun } from '../support/synth';

/**
 * One real `cdktf synth` of main.ts through a TLS-intercepting CONNECT proxy that wants a user name and
 * password, with the proxy's CA trusted through NODE_EXTRA_CA_CERTS and the default base URL
 * (https://api.cloudflare.com). The lookup runs in the synth's worker thread, so this shows that the proxy
 * variables and the extra CA reach it.
 */

const PROXY_USER = 'synth-user';
const PROXY_PASSWORD = 'Synth-Pr0xy-Pw-41d2';

let emulator: EmulatorProcess;
let certificates: TestCertificates;
let proxy: InterceptingProxy;
let checkout: string;
let run: SynthRun;

before(async () => {
  emulator = await startTestEmulator();
  certificates = generateCertificates();
  proxy = await startInterceptingProxy({
    upstream: emulator.baseUrl,
    certificates,
    auth: { user: PROXY_USER, password: PROXY_PASSWORD },
  });
  checkout = makeCheckout('ocr-proxy-checkout-');
  run = await runCdktfSynth(checkout, path.join(checkout, 'cdktf.out'), {
    CLOUDFLARE_API_TOKEN: TEST_TOKEN,
    CLOUDFLARE_ZONE_ID: DEMO_ZONE,
    HTTPS_PROXY: `http://${PROXY_USER}:${PROXY_PASSWORD}@${new URL(proxy.url).host}`,
    NODE_EXTRA_CA_CERTS: certificates.caFile,
  });
});

after(async () => {
  await proxy?.stop();
  await emulator?.stop();
  certificates?.remove();
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

test('the synth succeeds through the proxy and emits the seeded zone', () => {
  assert.equal(run.code, 0, `synth failed:\n${run.stdout}\n${run.stderr}`);
  const counts: Record<string, number> = {};
  for (const m of testSeed().zones[DEMO_ZONE].mappings) counts[m.vendor] = (counts[m.vendor] ?? 0) + 1;
  assert.deepEqual(stackJson(run.outdir).output?.[`ocr_${DEMO_ZONE}_vendor_counts`]?.value, counts);
});

test('every request went through the proxy as a CONNECT tunnel, with the API credentials only inside TLS', () => {
  const heads = proxy.heads();
  // The listing and supported_regions, on one or more tunnels.
  assert.ok(heads.length >= 1, 'the synth did not use the proxy');
  for (const head of heads) {
    assert.match(head, /^CONNECT api\.cloudflare\.com:443 HTTP\/1\.1\r\n/);
    assert.match(head, /^proxy-authorization: Basic /im);
  }
  const raw = proxy.received();
  assert.ok(raw.length > 0);
  assert.equal(containsSecret(raw, TEST_TOKEN), false, 'the proxy saw the API token in the clear');
  // The control: the decrypted stream holds the token, so the check above can fail.
  assert.equal(containsSecret(proxy.decrypted(), TEST_TOKEN), true);
  assert.match(proxy.decrypted().toString('latin1'), /^GET \/client\/v4\/zones\/[0-9a-f]{32}\/origin\/cloud_regions/m);
});

test('neither the API token nor the proxy password is in the output or in what the synth printed', () => {
  const files = readTree(run.outdir);
  assert.ok(files.length >= 2);
  for (const { file, text } of [...files, { file: 'output', text: run.stdout + run.stderr }]) {
    assert.ok(!text.includes(TEST_TOKEN), `${file} holds the token`);
    assert.ok(!text.includes(PROXY_PASSWORD), `${file} holds the proxy password`);
  }
});
