/**
 * `engine.ts` for CDK Terrain (`cdktn`), in its place in `dist/lib/construct-cdktn/` (scripts/emit-cdktn.ts) and in
 * the tests (test/support/cdktn.ts). Keep the export list identical to `engine.ts`.
 */
import { OriginCloudRegionsError } from '../errors';
import { ENGINE_BINDINGS, type EngineBinding } from './engine-info';

// Before `cdktn` loads (the re-export below): without it, the user would see a bare "Cannot find module 'cdktn'".
try {
  require.resolve('cdktn');
} catch (error) {
  throw new OriginCloudRegionsError(
    'OCR_ENGINE_MISSING',
    "cdktf-origin-cloud-regions/cdktn needs CDK Terrain, and the package 'cdktn' is not installed. Run `npm install cdktn constructs` and `npm install --save-dev cdktn-cli` (for `cdktn synth`), or import from 'cdktf-origin-cloud-regions' in a cdktf app.",
    { cause: error },
  );
}

export {
  App,
  Aspects,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  hashMapperHcl,
  stringToHclTerraform,
} from 'cdktn';

/** The engine this copy of the construct layer is bound to. */
export const ENGINE: EngineBinding = ENGINE_BINDINGS.cdktn;
