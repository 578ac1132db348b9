/**
 * Every error class this package throws on purpose, one file per family. Each has a stable `code`.
 *
 * This module is the one list of them: the worker transport (`lib/lookup/error-transport.ts`) derives its
 * registry from its exports, so a class added to a family file here crosses the worker boundary as itself.
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
