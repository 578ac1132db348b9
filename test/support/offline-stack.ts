import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { OriginCloudRegions, type OriginCloudRegionsProps } from '../../lib/construct';
import { DEMO_ZONE } from './constants';

/** An app built by {@link offlineStack}: `synth()` writes it and returns the stack's folder. */
export interface OfflineStack {
  synth(): string;
}

/**
 * One stack with local state (so `terraform init`/`apply` run offline) holding an `OriginCloudRegions` of the demo
 * zone read offline from `snapshot`, written to `<dir>/snapshots`; the marker is `terraform_data`, which needs no
 * provider. `props` adds to or overrides those settings.
 */
export function offlineStack(
  dir: string,
  stackName: string,
  snapshot: unknown,
  props: Partial<OriginCloudRegionsProps> = {},
): OfflineStack {
  const snapshotDir = path.join(dir, 'snapshots');
  mkdirSync(snapshotDir, { recursive: true });
  writeFileSync(path.join(snapshotDir, `${DEMO_ZONE}.json`), JSON.stringify(snapshot));
  const app = new App({ outdir: path.join(dir, 'out'), stackTraces: false });
  const stack = new TerraformStack(app, stackName);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  new OriginCloudRegions(stack, 'origins', {
    zoneId: DEMO_ZONE,
    offline: true,
    snapshotDir,
    marker: 'terraform_data',
    quiet: true,
    ...props,
  });
  return {
    synth: () => {
      app.synth();
      return path.join(dir, 'out', 'stacks', stackName);
    },
  };
}
