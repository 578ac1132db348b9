/**
 * Every error class the library and CLI throw on purpose, for `instanceof` checks:
 * `cdktf-origin-cloud-regions/errors`. Each extends {@link OriginCloudRegionsError} and has a stable `code`;
 * one file per family. The root entry point re-exports the ones an app usually tells apart.
 *
 * This module is the one list of them: the worker transport (`lib/lookup/error-transport.ts`) derives its
 * registry from its exports, so a class added to a family file here crosses the worker boundary as itself.
 * @packageDocumentation
 */
export * from './base';
export * from './budget';
export * from './client';
export * from './emulator';
export * from './expectations';
export * from './files';
export * from './ip-ranges';
export * from './lookup';
export * from './mapping-source';
export * from './proxy';
export * from './snapshot';
