/**
 * Builders of the construct's Terraform output contract, as the drift readers expect it:
 * 0.2 (maps keyed by IP, colos per region, summary with label) and 0.1 (a list of mappings).
 * Kept here, small and literal, so the reader tests do not depend on the construct's code.
 */
import { createHash } from 'node:crypto';
import { terraformLiteral } from '../../lib/sinks/terraform';

// Escapes like the construct, but never refuses: these fixtures hold values the construct would refuse to
// write (a `__proto__` key), as a hand-made or tampered cdk.tf.json could.
function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, terraformLiteral(k), { value: escapeDeep(v), enumerable: true, writable: true });
    }
    return out;
  }
  return value;
}

/** One mapping as the builders take it. */
export interface ContractMapping {
  readonly originIp: string;
  readonly vendor: string;
  readonly region: string;
}

/** The 0.2 output values of one zone (plain, as plan JSON holds them). */
export function outputs02(
  zone: string,
  mappings: readonly ContractMapping[],
  options: { label?: string; colos?: Record<string, string[]>; summaryOnly?: boolean } = {},
): Record<string, unknown> {
  const map: Record<string, string> = {};
  for (const m of mappings)
    Object.defineProperty(map, m.originIp, {
      value: `${m.vendor}/${m.region}`,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  const counts = Object.create(null) as Record<string, number>;
  for (const m of mappings) counts[m.vendor] = (counts[m.vendor] ?? 0) + 1;
  const summary: Record<string, unknown> = {
    zone_id: zone,
    mappings: mappings.length,
    authority: 'catalog',
    findings: 0,
  };
  if (options.label !== undefined) summary.label = options.label;
  const out: Record<string, unknown> = {
    [`ocr_${zone}_vendor_counts`]: counts,
    [`ocr_${zone}_summary`]: summary,
    [`ocr_${zone}_validation`]: { authority: 'catalog', findings: [] },
  };
  if (options.summaryOnly !== true) {
    out[`ocr_${zone}_mappings`] = map;
    out[`ocr_${zone}_upper_tier_colos`] = options.colos ?? {};
  }
  return out;
}

/** The marker triggers of one zone. */
export function triggers(mappings: readonly ContractMapping[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of mappings)
    Object.defineProperty(out, m.originIp, {
      value: `${m.vendor}/${m.region}`,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/**
 * The digest marker's triggers of one zone, computed here from the documented rule (not the construct's code):
 * SHA-256 of the sorted lines `<ip>=<vendor>/<region>\n`, and the count.
 */
export function digestTriggers(mappings: readonly ContractMapping[]): Record<string, string> {
  const lines = mappings.map((m) => `${m.originIp}=${m.vendor}/${m.region}\n`).sort();
  return {
    mappings_sha256: createHash('sha256').update(lines.join('')).digest('hex'),
    mappings: String(mappings.length),
  };
}

/**
 * A 0.2 `cdk.tf.json` for one zone, every string Terraform-escaped as the construct writes it. The marker holds
 * the digest beside the mappings output and the pairs without it (`summaryOnly`), as the construct writes it;
 * `markerShape: 'pairs'` writes the pairs beside the output, as 0.2 did before the digest.
 */
export function stack02(
  zone: string,
  mappings: readonly ContractMapping[],
  options: {
    label?: string;
    colos?: Record<string, string[]>;
    summaryOnly?: boolean;
    marker?: 'null_resource' | 'terraform_data';
    markerShape?: 'pairs' | 'digest';
  } = {},
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs02(zone, mappings, options))) {
    output[name] = { value: escapeDeep(value) };
  }
  const marker = options.marker ?? 'terraform_data';
  const attribute = marker === 'null_resource' ? 'triggers' : 'triggers_replace';
  const shape = options.markerShape ?? (options.summaryOnly === true ? 'pairs' : 'digest');
  return {
    '//': { metadata: { backend: 'local', stackName: 'main', version: '0.21.0' }, outputs: {} },
    output,
    resource: {
      [marker]: {
        [`ocr_${zone}_marker`]: {
          [attribute]: escapeDeep(shape === 'pairs' ? triggers(mappings) : digestTriggers(mappings)),
        },
      },
    },
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
  };
}

/** A plan whose outputs go from `before` (any output values, or none) to `after`. */
export function planOf(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const output_changes: Record<string, unknown> = {};
  for (const name of names) {
    output_changes[name] = {
      actions: name in before ? (name in after ? ['update'] : ['delete']) : ['create'],
      before: before[name] ?? null,
      after: after[name] ?? null,
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: false,
    };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.0',
    planned_values: {},
    resource_changes: [],
    output_changes,
  };
}

/** A 0.1 list output value. */
export function list01(mappings: readonly ContractMapping[], colos: Record<string, string[]> = {}): unknown[] {
  return mappings.map((m) => ({
    origin_ip: m.originIp,
    vendor: m.vendor,
    region: m.region,
    upper_tier_colos: colos[`${m.vendor}/${m.region}`] ?? [],
  }));
}
