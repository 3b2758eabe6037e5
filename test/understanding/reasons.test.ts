// A customer whose answer cannot be read is told what exactly is wrong (a re-ask naming the reason),
// not a generic "not understood". Every reason a parser can give must therefore have its own text,
// for the field (`reask:<field>.<reason>`) or for every field (`reask:generic.<reason>`), in every
// language. The reason lists come from the parsers themselves, so a new reason without a text fails.
import { expect } from 'chai';
import path from 'node:path';
import type { AskField } from '../../machines/complaint/types';
import { LANGUAGES } from '../../bot/locales/instance';
import { flatten, readLocaleFiles } from '../../bot/locales/validate';
import {
  DENOMINATION_REASONS,
  EMAIL_REASONS,
  PHONE_REASONS,
  PLACE_REASONS,
  SERIAL_REASONS,
  SERVICE_REASONS,
  SITUATION_REASONS,
  STATUS_REASONS,
  TIME_REASONS,
  YES_NO_REASONS,
  classifySituation,
  parseDenomination,
  parsePhone,
  parseSerial,
  parseYesNo,
} from '../../dialogs/understanding';

const LOCALES = path.join(__dirname, '..', '..', 'locales');

/** The parser's reasons for each free-text field (choices-only fields have no parser reasons). */
const REASONS_BY_FIELD: Partial<Record<AskField, readonly string[]>> = {
  situation: SITUATION_REASONS,
  isBitCard: YES_NO_REASONS,
  isOwnAccount: YES_NO_REASONS,
  cardShell: YES_NO_REASONS,
  offerAgent: YES_NO_REASONS,
  service: SERVICE_REASONS,
  denomination: DENOMINATION_REASONS,
  serial: SERIAL_REASONS,
  purchasePlace: PLACE_REASONS,
  transactionAt: TIME_REASONS,
  statusText: STATUS_REASONS,
  phone: PHONE_REASONS,
  email: EMAIL_REASONS,
};

function reaskTexts(lng: string): Map<string, string> {
  const file = readLocaleFiles(LOCALES).files.find((f) => f.lng === lng && f.ns === 'reask');
  expect(file?.data, `${lng}/reask.json`).to.be.an('object');
  return flatten(file!.data!);
}

describe('understanding: every reason a parser gives has its own re-ask text', () => {
  for (const lng of LANGUAGES) {
    it(`${lng}: each field's reasons have a specific text`, () => {
      const texts = reaskTexts(lng);
      const missing: string[] = [];
      for (const [field, reasons] of Object.entries(REASONS_BY_FIELD)) {
        for (const reason of reasons!) {
          const specific = texts.get(`${field}.${reason}`) ?? texts.get(`generic.${reason}`);
          if (!specific?.trim()) missing.push(`${field}.${reason}`);
        }
      }
      expect(missing).to.deep.equal([]);
    });
  }

  // The lists above are only worth checking if they are what the parsers really return.
  const samples: Array<[string, () => { ok: boolean; reason?: string }, readonly string[]]> = [
    ['situation «xin chào»', () => classifySituation('xin chào'), SITUATION_REASONS],
    ['yes/no «để mai tính»', () => parseYesNo('để mai tính'), YES_NO_REASONS],
    ['denomination «nhiều tiền lắm»', () => parseDenomination('nhiều tiền lắm'), DENOMINATION_REASONS],
    ['serial «12»', () => parseSerial('12'), SERIAL_REASONS],
    ['phone «123»', () => parsePhone('123'), PHONE_REASONS],
  ];
  for (const [name, parse, reasons] of samples) {
    it(`a refused ${name} names one of the listed reasons`, () => {
      const r = parse();
      expect(r.ok).to.equal(false);
      expect(reasons).to.include(r.reason);
    });
  }
});
