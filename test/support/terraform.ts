import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Whether a `terraform` binary is on PATH (the Terraform-in-the-loop checks need it). */
export const hasTerraform = spawnSync('terraform', ['version']).status === 0;

/**
 * Runs the real `terraform init -backend=false` and `terraform validate` on a synthesized stack (its
 * cdk.tf.json text): every stack with a terraform_data marker must pass (built-in type: no provider
 * download). Prints a skip line and returns when terraform is absent.
 */
export function assertTerraformValidates(stackText: string): void {
  if (!hasTerraform) {
    process.stdout.write('# terraform validate skipped: terraform is not on PATH\n');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-validate-'));
  writeFileSync(path.join(dir, 'main.tf.json'), stackText);
  terraformOk(dir, 'init', '-backend=false', '-input=false', '-no-color');
  terraformOk(dir, 'validate', '-no-color');
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs the real `terraform` in `dir` with nothing inherited but PATH and HOME, no update check and an empty
 * CLI configuration (so no user setting or plugin mirror changes what it does), and asserts it exits 0.
 *
 * @returns what it printed, stdout then stderr
 */
export function terraformOk(dir: string, ...args: string[]): string {
  const rc = path.join(dir, '.empty.tfrc');
  writeFileSync(rc, '');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: rc,
  };
  const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `terraform ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}
