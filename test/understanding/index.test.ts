import { expect } from 'chai';
import * as understanding from '../../dialogs/understanding';

describe('understanding/index', () => {
  const functions = [
    'normalizeInput', 'expandTeencode', 'isEmptyOrNoise', 'toWords', 'detectCommand', 'parseTicketCode', 'parseYesNo',
    'classifySituation', 'parseDenomination', 'parseTransactionTime', 'parsePhone', 'maskPhone', 'parseSerial',
    'maskSerial', 'parseEmail', 'findService', 'loadCatalogue', 'parsePurchasePlace', 'parseStatusText',
  ];
  for (const name of functions) {
    it(`re-exports ${name}`, () => {
      expect((understanding as Record<string, unknown>)[name]).to.be.a('function');
    });
  }

  const reasonLists = [
    'TICKET_CODE_REASONS', 'YES_NO_REASONS', 'SITUATION_REASONS', 'DENOMINATION_REASONS', 'TIME_REASONS',
    'PHONE_REASONS', 'SERIAL_REASONS', 'EMAIL_REASONS', 'SERVICE_REASONS', 'PLACE_REASONS', 'STATUS_REASONS',
  ];
  for (const name of reasonLists) {
    it(`re-exports ${name} as snake_case codes`, () => {
      const list = (understanding as Record<string, unknown>)[name] as string[];
      expect(list).to.be.an('array').that.is.not.empty;
      for (const code of list) expect(code).to.match(/^[a-z]+(?:_[a-z]+)*$/);
    });
  }
});
