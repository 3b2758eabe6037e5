import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProcedureConfig } from '../../machines/complaint/config';
import type { ProcedureConfig } from '../../machines/complaint/types';

const CONFIG_DIR = path.resolve(__dirname, '..', '..', 'config');

/** Operators edit config/procedure.json, holidays.json and business-hours.json; a bad edit stops the start. */
export function readProcedureConfig(dir = CONFIG_DIR): ProcedureConfig {
  const read = (f: string) => {
    const file = path.join(dir, f);
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  };
  return loadProcedureConfig(read('procedure.json'), read('holidays.json'), read('business-hours.json'));
}
