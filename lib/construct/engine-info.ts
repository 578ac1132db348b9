// Engine-free: the guard reads it to name the right import in its errors.

/** An engine the construct layer is built for: CDK for Terraform (`cdktf`) or CDK Terrain (`cdktn`). */
export type EngineName = 'cdktf' | 'cdktn';

/** Which engine a copy of the construct layer is bound to. */
export interface EngineBinding {
  /** The engine package this copy imports (`cdktf` or `cdktn`). */
  readonly name: EngineName;
  /** The import path of this package's entry point bound to that engine. */
  readonly entryPoint: string;
}

/** Every binding, by engine name. */
export const ENGINE_BINDINGS: Readonly<Record<EngineName, EngineBinding>> = {
  cdktf: { name: 'cdktf', entryPoint: 'cdktf-origin-cloud-regions' },
  cdktn: { name: 'cdktn', entryPoint: 'cdktf-origin-cloud-regions/cdktn' },
};
