import { startEmulatorProcess, type EmulatorProcess } from '../../lib/emulator/process';
import type { EmulatorSeed } from '../../lib/emulator/types';
import { testSeed } from './seed';

/**
 * Starts the emulator in a CHILD process: a lookup blocks its thread on `Atomics.wait`, so an emulator
 * in the same process could never answer.
 */
export function startTestEmulator(
  options: { seed?: EmulatorSeed; latencyMs?: number; order?: 'hashed' | 'insertion' } = {},
): Promise<EmulatorProcess> {
  return startEmulatorProcess({
    seed: options.seed ?? testSeed(),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.order === undefined ? {} : { order: options.order }),
  });
}
