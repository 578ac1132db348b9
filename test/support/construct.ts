import { Testing, type TerraformStack } from 'cdktf';
import type { OriginCloudRegions } from '../../lib/construct';

/** Helpers of the construct tests (logic and worker path alike). */

/** The parts of a synthesized stack the construct tests read. */
export interface Synthesized {
  output: Record<string, { value: unknown }>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, unknown[]>;
}

/** The stack as `cdk.tf.json` text and parsed. */
export function synth(stack: TerraformStack): { text: string; json: Synthesized } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as Synthesized };
}

/** The cdktf annotations a lookup added (Testing.synth does not report them). */
export function annotations(lookup: OriginCloudRegions): { type: string; data: string }[] {
  return lookup.node.metadata
    .filter((m) => m.type.startsWith('@cdktf/'))
    .map((m) => ({ type: m.type, data: String(m.data) }));
}
