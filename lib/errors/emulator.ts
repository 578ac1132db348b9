import { OriginCloudRegionsError } from './base';

/** An emulator seed (object or file) is missing, unreadable or not the `EmulatorSeed` shape. */
export class EmulatorSeedError extends OriginCloudRegionsError {
  public constructor(message: string, options?: ErrorOptions) {
    super('OCR_EMULATOR_SEED', message, options);
  }
}

/** The emulator child process could not start, or a control-plane call failed. */
export class EmulatorProcessError extends OriginCloudRegionsError {
  public constructor(message: string, options?: ErrorOptions) {
    super('OCR_EMULATOR_PROCESS', message, options);
  }
}
