import type { IConstruct } from 'constructs';
import { InvalidInputError } from '../errors';
import { App, Aspects, ENGINE, TerraformStack } from './engine';
import { ENGINE_BINDINGS, type EngineName } from './engine-info';

/**
 * Never a silent no-op. cdktf and cdktn each keep Aspects under their own local `Symbol`, so a construct bound to one
 * engine, in the other engine's stack, is never visited by that synth and emits nothing, without an error. The
 * engines share only their `Symbol.for("cdktf/…")` type markers (`TerraformStack.isStack`, `App.isApp`): a scope of
 * the other engine passes those but fails `instanceof` against this binding's classes, and the jsii type information
 * on its class (`Symbol.for("jsii.rtti")`, e.g. `cdktn.TerraformStack` 0.24.0) names it.
 */

const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * The engine (`cdktf`, `cdktn`) whose `className` (`TerraformStack`, `App`) `value` is an instance of, and its
 * version, read from the jsii type information on the class or its nearest base class that has it for that name.
 */
export function engineClassOf(
  value: object,
  className: string,
): { readonly engine: string | undefined; readonly version: string | undefined } {
  for (let c: unknown = value.constructor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const rtti: unknown = Object.getOwnPropertyDescriptor(c, JSII_RTTI)?.value;
    if (typeof rtti !== 'object' || rtti === null) continue;
    const { fqn, version } = rtti as { fqn?: unknown; version?: unknown };
    if (typeof fqn !== 'string' || !fqn.endsWith(`.${className}`)) continue;
    return {
      engine: fqn.slice(0, -(className.length + 1)),
      version: typeof version === 'string' ? version : undefined,
    };
  }
  return { engine: undefined, version: undefined };
}

function isEngineName(name: string | undefined): name is EngineName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(ENGINE_BINDINGS, name);
}

function label(construct: IConstruct): string {
  return construct.node.path === '' ? '(the app root)' : `"${construct.node.path}"`;
}

/** The error for a construct whose stack or App is not an instance of this binding's class. */
function mismatchError(construct: IConstruct, kind: 'TerraformStack' | 'App', other: IConstruct): InvalidInputError {
  const found = engineClassOf(other, kind);
  const what = kind === 'App' ? 'App' : 'stack';
  const version = (v: string | undefined): string => (v === undefined ? '' : ` ${v}`);
  const head = `OriginCloudRegions ${label(construct)} is bound to ${ENGINE.name} (imported from '${ENGINE.entryPoint}'), but its ${what} ${label(other)}`;
  if (isEngineName(found.engine) && found.engine !== ENGINE.name) {
    const right = ENGINE_BINDINGS[found.engine];
    const fix =
      kind === 'App'
        ? `Build the app with one engine: App, TerraformStack and OriginCloudRegions all from ${right.name} ` +
          `('${right.name}' and '${right.entryPoint}'), or all from ${ENGINE.name} ('${ENGINE.name}' and '${ENGINE.entryPoint}').`
        : `Import OriginCloudRegions from '${right.entryPoint}' instead.`;
    return new InvalidInputError(
      'scope',
      `${head} is a ${right.name}${version(found.version)} ${what}. ` +
        `${right.name}'s synth never runs a ${ENGINE.name} construct, so the stack would get no outputs and no marker. ${fix}`,
    );
  }
  return new InvalidInputError(
    'scope',
    `${head} comes from another copy of ${found.engine ?? 'an unknown engine'}${version(found.version)} than the ` +
      `${ENGINE.name}${version(engineClassOf(TerraformStack.prototype, 'TerraformStack').version)} this package loads, and that synth would never run this construct. ` +
      `Make the app and this package resolve one ${ENGINE.name} package (check with \`npm ls ${ENGINE.name}\`, then \`npm dedupe\`).`,
  );
}

/**
 * Makes the synth fail unless this engine's synth visited `construct` (so its emit step, an Aspect of the
 * same engine on the same construct, ran): a construct validation, which both engines run after the aspects
 * of a stack and before writing it. An Aspect of this engine records the visit.
 */
export function failSynthUnlessVisited(construct: IConstruct): void {
  let visited = false;
  Aspects.of(construct).add({
    visit: (node: IConstruct) => {
      if (node === construct) visited = true;
    },
  });
  construct.node.addValidation({
    validate: () =>
      visited
        ? []
        : [
            `OriginCloudRegions ${label(construct)} is bound to ${ENGINE.name}, but the synth never ran its emit step, so its stack has no outputs and no marker. ` +
              `The app is synthesized by another engine or another copy of ${ENGINE.name}: in a cdktn app import OriginCloudRegions from '${ENGINE_BINDINGS.cdktn.entryPoint}', ` +
              `in a cdktf app from '${ENGINE_BINDINGS.cdktf.entryPoint}' (check with \`npm ls cdktf cdktn\`).`,
          ],
  });
}

/**
 * The construct's guard, one line in its constructor: refuse a scope of the other engine (or of another copy of this
 * one) now, and fail the synth if the emit step still did not run by the end of it.
 * @throws {@link InvalidInputError} (field `scope`) naming the entry point to import instead
 */
export function guardEngine(construct: IConstruct): void {
  for (let c: IConstruct | undefined = construct; c !== undefined; c = c.node.scope) {
    if (TerraformStack.isStack(c)) {
      if (!(c instanceof TerraformStack)) throw mismatchError(construct, 'TerraformStack', c);
      break;
    }
  }
  const root = construct.node.root;
  if (App.isApp(root) && !(root instanceof App)) throw mismatchError(construct, 'App', root);
  failSynthUnlessVisited(construct);
}
