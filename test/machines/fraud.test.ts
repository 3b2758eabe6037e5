import { expect } from 'chai';
import { detectFraudSignals, purchasePlaceMismatch } from '../../machines/complaint/fraud';
import { card, findings, TEST_CONFIG } from './fixtures';

const fields = { denomination: 50000, purchasePlace: 'Dai ly Minh Anh 12 Le Loi' };

describe('fraud signals', () => {
  it('finds none when the customer data match the card', () => {
    expect(detectFraudSignals(fields, findings(), TEST_CONFIG)).to.deep.equal([]);
  });

  it('flags a serial already in another customer complaint', () => {
    expect(detectFraudSignals(fields, findings({ otherComplaintsWithSerial: 2 }), TEST_CONFIG)).to.deep.equal([
      'serial_in_other_complaint',
    ]);
  });

  it('flags many serials from one customer at the configured threshold, not below', () => {
    expect(detectFraudSignals(fields, findings({ recentSerialsByCustomer: 2 }), TEST_CONFIG)).to.deep.equal([]);
    expect(detectFraudSignals(fields, findings({ recentSerialsByCustomer: 3 }), TEST_CONFIG)).to.deep.equal([
      'many_serials_short_time',
    ]);
    expect(
      detectFraudSignals(fields, findings({ recentSerialsByCustomer: 3 }), { fraudManySerialsThreshold: 4 }),
    ).to.deep.equal([]);
  });

  it('flags an inactive card no shop reported selling, but not an inactive card with a sale', () => {
    const unsold = findings({ card: card({ status: 'inactive', soldAt: undefined, soldBy: undefined }) });
    expect(detectFraudSignals(fields, unsold, TEST_CONFIG)).to.deep.equal(['inactive_without_sale']);
    expect(detectFraudSignals(fields, findings({ card: card({ status: 'inactive' }) }), TEST_CONFIG)).to.deep.equal([]);
  });

  it('flags a denomination different from the card', () => {
    expect(detectFraudSignals(fields, findings({ card: card({ denomination: 20000 }) }), TEST_CONFIG)).to.deep.equal([
      'denomination_mismatch',
    ]);
    expect(detectFraudSignals({ purchasePlace: fields.purchasePlace }, findings(), TEST_CONFIG)).to.deep.equal([]);
  });

  it('flags a point of sale that is not the recorded one', () => {
    const other = findings({ card: card({ soldBy: { name: 'Tiệm Hoàng Long' } }) });
    expect(detectFraudSignals(fields, other, TEST_CONFIG)).to.deep.equal(['purchase_place_mismatch']);
  });

  it('reports every signal at once, in FRAUD_SIGNALS order', () => {
    const all = findings({
      otherComplaintsWithSerial: 1,
      recentSerialsByCustomer: 5,
      card: card({ status: 'inactive', soldAt: undefined, denomination: 10000, soldBy: { name: 'Shop Hoàng Long' } }),
    });
    expect(detectFraudSignals(fields, all, TEST_CONFIG)).to.deep.equal([
      'serial_in_other_complaint',
      'many_serials_short_time',
      'inactive_without_sale',
      'denomination_mismatch',
      'purchase_place_mismatch',
    ]);
  });

  it('has no card signals when the card is unknown; an unknown serial is a signal only once re-entered', () => {
    expect(detectFraudSignals(fields, findings({ card: null }), TEST_CONFIG)).to.deep.equal([]);
    expect(detectFraudSignals(fields, findings({ card: null }), TEST_CONFIG, { serialReentered: true })).to.deep.equal([
      'serial_unknown_after_reentry',
    ]);
    expect(detectFraudSignals(fields, findings(), TEST_CONFIG, { serialReentered: true })).to.deep.equal([]);
  });

  describe('purchasePlaceMismatch', () => {
    it('matches with or without diacritics, in any case and word order', () => {
      expect(purchasePlaceMismatch('đại lý Minh Anh', 'Đại lý Minh Anh')).to.equal(false);
      expect(purchasePlaceMismatch('mua o dai ly MINH ANH gan cho', 'Đại lý Minh Anh')).to.equal(false);
      expect(purchasePlaceMismatch('anh minh', 'Đại lý Minh Anh')).to.equal(false);
      // NFD input (Unikey "tổ hợp").
      expect(purchasePlaceMismatch('Hoàng Long'.normalize('NFD'), 'Tiệm Hoàng Long')).to.equal(false);
    });

    it('needs one distinctive word of the shop name, not a generic one', () => {
      expect(purchasePlaceMismatch('đại lý thẻ ở Hà Nội', 'Đại lý Minh Anh')).to.equal(true);
      expect(purchasePlaceMismatch('shop cua hang tiem quan', 'Shop Hoàng Long')).to.equal(true);
    });

    it('matches whole words only ("anh" is not found inside "thanh")', () => {
      expect(purchasePlaceMismatch('tiệm Thanh Hà', 'Đại lý Anh Tú')).to.equal(true);
    });

    it('is no signal when either side is unknown or the name is all generic words', () => {
      expect(purchasePlaceMismatch(undefined, 'Đại lý Minh Anh')).to.equal(false);
      expect(purchasePlaceMismatch('Minh Anh', undefined)).to.equal(false);
      expect(purchasePlaceMismatch('chỗ nào đó', 'Cửa hàng đại lý')).to.equal(false);
    });
  });
});
