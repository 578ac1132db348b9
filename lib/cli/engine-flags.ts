import { setFlagsFromString } from 'node:v8';

/*
 * WebAssembly in the CLI process runs on V8's baseline compiler (Liftoff) only. Why: undici parses HTTP with llhttp
 * compiled to WebAssembly, and after a few kilobytes of answers V8 compiles llhttp's main function again with its
 * optimising compiler: about 190 ms of a second core, and a process that exits before that compile ends waits for it.
 * A CLI call is short: a one-page `list` took 534 ms with the compile and 351 ms without (paired medians,
 * docs/performance.md). The baseline code parses the few megabytes a call reads in milliseconds. Only the CLI's own
 * process sets this: the library never changes the engine of the app that loads it. test/cli/engine-flags.test.ts
 * fails when V8 no longer compiles llhttp a second time without this flag, or still does with it.
 */
setFlagsFromString('--liftoff-only');
