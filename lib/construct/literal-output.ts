import type { Construct } from 'constructs';
import { TerraformOutput } from './engine';

/**
 * A `TerraformOutput` whose (large) value the engine writes into `cdk.tf.json` without walking it.
 *
 * Why: cdktf resolves every value of a stack at least three times (the output's own copy, the stack's
 * fragment, the whole stack) and copies it in between, testing every string for token markers: for a zone of
 * 3,500 mappings that is most of the synth's cost after the lookup, and several copies of the data alive at
 * once. This package's values are plain data, already made literal for Terraform (`terraformLiteralMap` / `terraformLiteralDeep`, which
 * also refuses any string holding a cdktf token marker), so there is nothing for the engine to resolve.
 *
 * How: the value is wrapped in a {@link PassThroughValue}. The engines (cdktf 0.21, cdktn 0.24) return a `Date`
 * from token resolution as it is, and leave a resolvable alone when merging fragments; the JSON writer
 * (`json-stable-stringify` / `safe-stable-stringify`, both honouring `toJSON`) then writes the data with sorted
 * keys, exactly as it would have. `cdktf synth --hcl` gets the plain value. `Testing.synth` reads the wrapper's
 * own enumerable properties, which are the data's.
 */
export class LiteralOutput extends TerraformOutput {
  private readonly wrapped: PassThroughValue;

  /** `config.value` is plain data, already Terraform-literal, or wrapped already; `id` is the output's name. */
  public constructor(
    scope: Construct,
    id: string,
    config: { readonly value: Readonly<Record<string, unknown>> | PassThroughValue; readonly description: string },
  ) {
    const value = config.value instanceof PassThroughValue ? config.value : new PassThroughValue(config.value);
    super(scope, id, { value, description: config.description, staticId: true });
    this.wrapped = value;
  }

  /** The same output for `cdktf synth --hcl`, with the plain value (the HCL renderer walks it itself). */
  protected override synthesizeHclAttributes(): ReturnType<TerraformOutput['synthesizeHclAttributes']> {
    const attributes = super.synthesizeHclAttributes();
    const value = attributes.value as { value: unknown } | undefined;
    if (value !== undefined) value.value = this.wrapped.toPlainObject();
    return attributes;
  }
}

/**
 * A JSON object the engine's token resolution passes through untouched (see {@link LiteralOutput}): a `Date`
 * (returned as is by `resolve`) with a `resolve` method (kept as is by `deepMerge`), whose own enumerable
 * properties are the data and whose `toJSON` is itself, so that the JSON writers write exactly those properties.
 * Only for plain data whose keys are not method names of `Date` or of this class (origin IPs, `vendor/region`
 * placements).
 */
export class PassThroughValue extends Date {
  /** A wrapper whose data `fill` writes straight into it (no copy of a large map is made). */
  public static filled(fill: (into: Record<string, unknown>) => void): PassThroughValue {
    const value = new PassThroughValue({});
    fill(value as unknown as Record<string, unknown>);
    refuseShadowingKeys(value);
    return value;
  }

  /** A wrapper of a copy of `data`; throws when a key would shadow a method. */
  public constructor(data: Readonly<Record<string, unknown>>) {
    super(0);
    refuseShadowingKeys(data);
    Object.assign(this, data);
  }

  /** Marks the value resolvable, so the engine's `deepMerge` keeps it as is; resolves to the data. */
  public resolve(): Readonly<Record<string, unknown>> {
    return this.toPlainObject();
  }

  /** A plain copy of the data. */
  public toPlainObject(): Record<string, unknown> {
    return { ...this } as Record<string, unknown>;
  }

  /** Not a date: a short description for messages. */
  public override toString(): string {
    return `[data of ${Object.keys(this).length} entries]`;
  }
}

// A key named like a method the engines or writers may call (resolve, toJSON, valueOf, …) would shadow it;
// `constructor` stays data (instanceof and the writers read the prototype chain, not that property).
function refuseShadowingKeys(data: object): void {
  for (const key of Object.keys(data)) {
    if (key in PassThroughValue.prototype && key !== 'constructor') {
      throw new Error(`PassThroughValue: the key "${key}" would shadow a method.`);
    }
  }
}

// The JSON writers call `toJSON` once per value and then write the own enumerable properties of what it returns:
// here the value itself, whose own properties are exactly the data (Date's own `toJSON` would write a date).
Object.defineProperty(PassThroughValue.prototype, 'toJSON', {
  value: function toJSON(this: PassThroughValue): PassThroughValue {
    return this;
  },
  writable: true,
  configurable: true,
});
