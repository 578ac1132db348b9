// Engine-free: the guard reads it to name the right import in its errors.

/** An engine the construct layer is built for: CDK for Terraform (`cdktf`) or CDK Terrain (`cdktn`). */
export type EngineName = 'cdktf' | 'cdktn';

/** The engine a copy of the construct layer imports, and the import path of this package's entry point for it. */
export interface EngineBinding {
  readonly name: EngineName;
  readonly entryPoint: string;
}

/** Every binding, by engine name. */
export const ENGINE_BINDINGS: Readonly<Record<EngineName, EngineBinding>> = {
  cdktf: { name: 'cdktf', entryPoint: 'cdktf-origin-cloud-regions' },
  cdktn: { name: 'cdktn', entryPoint: 'cdktf-origin-cloud-regions/cdktn' },
};
