import { placementOf, VENDORS, type OriginCloudRegionMapping } from '../model/mapping';
import { clip, forTerminal } from '../sinks/terminal';
import { upperTierColosFor, type RegionAuthority } from './authority';

// Terraform reads every string in NFC, so two keys of a map output that differ only in normalization are one key to
// it, and `terraform validate` refuses the object ("Duplicate object attribute"). Of the outputs, only `vendor_counts`
// and `upper_tier_colos` are keyed by data (the others by ASCII IPs or fixed names): such keys are written once,
// under their NFC form, and each origin whose key was rewritten gets a `colliding-key` finding.

/** NFC form → its spellings among `keys` (sorted by code unit), for forms with two or more. */
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

/** `entries` with NFC-equal keys written once, under the NFC form at the first one's place, `merge`d in key order. */
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
      const values = spellings.map((s) => entries.get(s)!);
      out.set(nfc, merge(values, spellings, nfc));
    }
  }
  return out;
}

/** A `ValidationFinding` of kind `colliding-key`: the value is the vendor, or `vendor/region` when only it collides. */
interface KeyCollisionFinding {
  readonly kind: 'colliding-key';
  readonly originIp: string;
  readonly value: string;
  readonly suggestion: string;
  readonly message: string;
}

/** A mapping with its canonical origin IP. */
export type KeyedMapping = Pick<OriginCloudRegionMapping, 'originIp' | 'vendor' | 'region'>;

/**
 * A `colliding-key` finding for every origin whose vendor or `vendor/region` a map output writes under another
 * spelling; it says when `upper_tier_colos` drops colos that differ from those of the spelling kept.
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
  return `"${clip(value).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)}"`;
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
