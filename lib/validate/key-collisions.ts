import { placementOf, VENDORS, type OriginCloudRegionMapping } from '../model/mapping';
import { forTerminal } from '../sinks/terminal';
import { upperTierColosFor, type RegionAuthority } from './authority';

/*
 * Keys Terraform merges. Terraform reads every string of a configuration in Unicode NFC, so two keys of one map
 * output that differ only in normalization (`café` as U+00E9, or as `e` + U+0301) are one key to it, and
 * `terraform validate` refuses the object ("Duplicate object attribute"). The outputs keyed by data are
 * `vendor_counts` (by vendor) and `upper_tier_colos` (by `vendor/region`); the others are keyed by canonical IP
 * (ASCII: NFC never changes it) or by fixed names. Such keys are written once, under their NFC form, and every
 * origin whose key was rewritten gets a `colliding-key` finding that says how.
 */

/**
 * The spellings among `keys` that Terraform reads as one key, by their NFC form: only forms with two or more
 * spellings, each list sorted by code unit.
 *
 * @example nfcCollisions(['caf\u00e9', 'cafe\u0301', 'aws']) // → Map { 'café' => ['cafe\u0301', 'caf\u00e9'] }
 */
export function nfcCollisions(keys: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const key of keys) {
    const nfc = key.normalize('NFC');
    let group = groups.get(nfc);
    if (group === undefined) groups.set(nfc, (group = new Set()));
    group.add(key);
  }
  const out = new Map<string, string[]>();
  for (const [nfc, group] of groups) if (group.size > 1) out.set(nfc, [...group].sort());
  return out;
}

/** Of NFC-equal spellings, the one whose value a merged entry keeps: the NFC form when present, else the first. */
export function keptSpelling(nfc: string, spellings: readonly string[]): string {
  return spellings.includes(nfc) ? nfc : spellings[0];
}

/**
 * `entries` with each set of NFC-equal keys written once, under its NFC form, at the place of its first key; its
 * value is `merge` of the set's values (in the code-unit order of their keys). Other entries are kept as they are.
 */
export function mergeNfcEqualKeys<V>(
  entries: ReadonlyMap<string, V>,
  merge: (values: V[], spellings: readonly string[], nfc: string) => V,
): Map<string, V> {
  const collisions = nfcCollisions(entries.keys());
  if (collisions.size === 0) return new Map(entries);
  const out = new Map<string, V>();
  for (const [key, value] of entries) {
    const nfc = key.normalize('NFC');
    const spellings = collisions.get(nfc);
    if (spellings === undefined) out.set(key, value);
    else if (!out.has(nfc)) {
      out.set(
        nfc,
        merge(
          spellings.map((s) => entries.get(s)!),
          spellings,
          nfc,
        ),
      );
    }
  }
  return out;
}

/** A `colliding-key` finding (a `ValidationFinding` of that kind). */
interface KeyCollisionFinding {
  readonly kind: 'colliding-key';
  readonly originIp: string;
  /** Its vendor, or its `vendor/region` when only the region collides. */
  readonly value: string;
  /** The spelling written: the NFC form. */
  readonly suggestion: string;
  readonly message: string;
}

/** One mapping as {@link keyCollisionFindings} reads it: the canonical origin IP the finding names, vendor and region. */
export type KeyedMapping = Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>;

/**
 * A `colliding-key` finding for every origin whose vendor, or `vendor/region`, is written under another spelling in
 * a map output because NFC-equal spellings of it are used in the zone: `vendor_counts` counts NFC-equal vendors
 * together, and `upper_tier_colos` (for the placements whose colos the authority knows) keeps one entry, with the
 * colos of the NFC spelling (or the first one) — the finding says when the others' colos differ and are dropped.
 */
export function keyCollisionFindings(
  mappings: readonly KeyedMapping[],
  authority: RegionAuthority,
): KeyCollisionFinding[] {
  const vendors = nfcCollisions(new Set([...VENDORS, ...mappings.map((m) => m.vendor)]));
  // The placements the upper_tier_colos output holds: those whose colos the authority knows.
  const colos = new Map<string, readonly string[]>();
  for (const m of mappings) {
    const known = upperTierColosFor(authority, m.vendor, m.region);
    if (known !== undefined) colos.set(placementOf(m), known);
  }
  const placements = nfcCollisions(colos.keys());
  if (vendors.size === 0 && placements.size === 0) return [];
  const colosOf = (placement: string): readonly string[] => colos.get(placement)!;
  const findings: KeyCollisionFinding[] = [];
  for (const m of mappings) {
    const placement = placementOf(m);
    const vendorNfc = m.vendor.normalize('NFC');
    const placementNfc = placement.normalize('NFC');
    const vendorSpellings = m.vendor !== vendorNfc ? vendors.get(vendorNfc) : undefined;
    const placementSpellings = placement !== placementNfc ? placements.get(placementNfc) : undefined;
    const parts: string[] = [];
    if (vendorSpellings !== undefined) {
      parts.push(
        `vendor ${spelled(m.vendor)} and ${others(m.vendor, vendorSpellings)} differ only in Unicode normalization, and Terraform reads them as one (NFC ${spelled(vendorNfc)}): the vendor_counts output counts them together under ${spelled(vendorNfc)}`,
      );
    }
    if (placementSpellings !== undefined) {
      const kept = keptSpelling(placementNfc, placementSpellings);
      const same = placementSpellings.every((s) => sameColos(colosOf(s), colosOf(kept)));
      parts.push(
        `${vendorSpellings === undefined ? `"vendor/region" ${spelled(placement)} and ${others(placement, placementSpellings)} differ only in Unicode normalization, and Terraform reads them as one` : 'so are its "vendor/region" keys'}: the upper_tier_colos output has one entry for them under ${spelled(placementNfc)}` +
          (same
            ? ', with the same colos'
            : `, with the colos of ${spelled(kept)} (${colosOf(kept).join(', ') || 'none'}); those of ${spelled(placement)} (${colosOf(placement).join(', ') || 'none'}) are dropped`),
      );
    }
    if (parts.length === 0) continue;
    const vendorKey = vendorSpellings !== undefined;
    findings.push({
      kind: 'colliding-key',
      originIp: m.originIp,
      value: vendorKey ? m.vendor : placement,
      suggestion: vendorKey ? vendorNfc : placementNfc,
      message: forTerminal(
        `origin ${m.originIp}: ${parts.join('; ')}. Spell each value one way (NFC) where the mapping and the supported regions are set`,
      ),
    });
  }
  return findings;
}

/** A value for a message, clipped, with every non-ASCII character as `\u{…}` so that two spellings look different. */
function spelled(value: string): string {
  const clipped = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `"${clipped.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)}"`;
}

function others(value: string, spellings: readonly string[]): string {
  return spellings
    .filter((s) => s !== value)
    .map(spelled)
    .join(' and ');
}

function sameColos(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
